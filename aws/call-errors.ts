/**
 * How a failed AWS call is named, apart from the client options so that the CLI can name errors without
 * loading the SDK's retry machinery.
 */
const MAX_DESCRIPTION = 300;
/** What the SDK appends to an error met while reading an answer; the field it names is not shown anywhere. */
const SDK_DESERIALIZATION_HINT = /\n\s*Deserialization error: to see the raw response.*$/s;

interface SdkErrorFields {
  readonly $metadata?: { readonly httpStatusCode?: number };
  /** Set only on errors the service itself answered in its own error shape. */
  readonly $fault?: string;
  readonly cause?: unknown;
}

/**
 * One line that says what failed and why, never a response body (it may hold secrets, and SDK
 * deserialisation errors quote the start of it):
 * `DescribeModel failed: HTTP 400 AccessDeniedException: User is not authorized ...`,
 * `ListModels failed: HTTP 500 (no error code)`, `PutEvaluations failed: TimeoutError: ...`.
 */
export function describeError(error: unknown, operation?: string): string {
  const prefix = operation === undefined ? '' : `${operation} failed: `;
  return `${prefix}${describeCause(error)}`.slice(0, MAX_DESCRIPTION);
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof AwsCallError) return error.message;
  const fields = error as Error & SdkErrorFields;
  // An abort carries its reason (the invocation's deadline) as the cause. Neither it nor a timeout is
  // named by the HTTP status that the SDK adds when either cuts a 200 answer's body short.
  if (error.name === 'AbortError' && fields.cause instanceof Error) return fields.cause.message;
  const cutShort = error.name === 'AbortError' || error.name === 'TimeoutError';
  const status = cutShort ? undefined : fields.$metadata?.httpStatusCode;
  if (status === undefined) return `${error.name}: ${error.message.replace(SDK_DESERIALIZATION_HINT, '')}`;
  const modelled = fields.$fault !== undefined && error.name !== 'Unknown' && error.name !== 'UnknownError';
  return modelled ? `HTTP ${status} ${error.name}: ${error.message}` : `HTTP ${status} (no error code)`;
}

/** An AWS call that failed, named with its operation and cause (describeError). */
export class AwsCallError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(describeError(cause, operation), { cause });
    this.name = 'AwsCallError';
  }
}

/** Runs one AWS call, turning its failure into an AwsCallError that names the operation. */
export async function awsCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new AwsCallError(operation, error);
  }
}
