import Ajv from 'ajv';

/**
 * IAM's policy grammar (IAM User Guide, "Grammar of the IAM JSON policy language"), narrowed to what an
 * SCP accepts (no Principal or NotPrincipal; AWS Organizations User Guide, "SCP syntax"). Written from
 * the documentation, not from the generator, so that it can catch the generator.
 */
const CONDITION_OPERATOR = new RegExp(
  '^(?:(?:ForAllValues:|ForAnyValue:)?(?:' +
    [
      'StringEquals',
      'StringNotEquals',
      'StringEqualsIgnoreCase',
      'StringNotEqualsIgnoreCase',
      'StringLike',
      'StringNotLike',
      'NumericEquals',
      'NumericNotEquals',
      'NumericLessThan',
      'NumericLessThanEquals',
      'NumericGreaterThan',
      'NumericGreaterThanEquals',
      'DateEquals',
      'DateNotEquals',
      'DateLessThan',
      'DateLessThanEquals',
      'DateGreaterThan',
      'DateGreaterThanEquals',
      'Bool',
      'BinaryEquals',
      'IpAddress',
      'NotIpAddress',
      'ArnEquals',
      'ArnLike',
      'ArnNotEquals',
      'ArnNotLike',
    ].join('|') +
    ')(?:IfExists)?|Null)$',
).source;

const stringOrList = {
  oneOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
  ],
};
const trueOrFalse = { enum: ['true', 'false'] };

const POLICY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['Version', 'Statement'],
  properties: {
    Version: { const: '2012-10-17' },
    Id: { type: 'string' },
    Statement: { type: 'array', minItems: 1, items: { $ref: '#/$defs/statement' } },
  },
  $defs: {
    statement: {
      type: 'object',
      additionalProperties: false,
      required: ['Effect'],
      oneOf: [{ required: ['Action'] }, { required: ['NotAction'] }],
      properties: {
        Sid: { type: 'string', pattern: '^[A-Za-z0-9]+$' },
        Effect: { enum: ['Allow', 'Deny'] },
        Action: { $ref: '#/$defs/actions' },
        NotAction: { $ref: '#/$defs/actions' },
        Resource: { $ref: '#/$defs/resources' },
        NotResource: { $ref: '#/$defs/resources' },
        Condition: { $ref: '#/$defs/condition' },
      },
    },
    actions: {
      oneOf: [{ $ref: '#/$defs/action' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/action' } }],
    },
    action: { type: 'string', pattern: '^(?:\\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$' },
    resources: {
      oneOf: [
        { $ref: '#/$defs/resource' },
        { type: 'array', minItems: 1, items: { $ref: '#/$defs/resource' } },
      ],
    },
    resource: { type: 'string', pattern: '^(?:\\*|arn:[^:\\s]+:[^:\\s]*:[^:\\s]*:[^:\\s]*:.+)$' },
    condition: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: CONDITION_OPERATOR },
      patternProperties: {
        '^(?:Null|Bool|BoolIfExists|ForAnyValue:Bool|ForAllValues:Bool)$': {
          type: 'object',
          additionalProperties: trueOrFalse,
        },
      },
      additionalProperties: {
        type: 'object',
        minProperties: 1,
        // A global key (aws:...) or a service key (sagemaker:...), tag keys after a slash.
        propertyNames: { pattern: '^[a-z0-9-]+:[A-Za-z0-9]+(?:/.+)?$' },
        additionalProperties: stringOrList,
      },
    },
  },
};

const validate = new Ajv({ allErrors: true }).compile(POLICY_SCHEMA);

/** Every way the text breaks IAM's grammar or the SCP subset of it; empty when it is valid. */
export function iamGrammarViolations(text: string): string[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  const problems = validate(document)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
  const statements = (document as { Statement?: unknown }).Statement;
  if (Array.isArray(statements)) {
    const sids = statements.map((statement) => (statement as { Sid?: unknown }).Sid).filter(Boolean);
    if (new Set(sids).size !== sids.length) problems.push('/Statement Sids are not unique');
  }
  return problems;
}

/** What a CreateModel request carries, as IAM sees it. */
export interface RequestContext {
  readonly 'sagemaker:VpcSubnets'?: readonly string[];
  readonly 'sagemaker:VpcSecurityGroupIds'?: readonly string[];
  readonly 'sagemaker:NetworkIsolation'?: boolean;
  readonly 'aws:PrincipalArn'?: string;
  readonly [tag: `aws:RequestTag/${string}`]: string | undefined;
}

interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/**
 * The Sids of the Deny statements that match a request, evaluated as IAM documents each operator this
 * project uses. An unknown operator throws rather than guessing.
 */
export function matchingDenies(
  document: { Statement: readonly unknown[] },
  request: RequestContext,
): string[] {
  return (document.Statement as Statement[])
    .filter((statement) => statement.Effect === 'Deny')
    .filter((statement) =>
      Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
        Object.entries(keys).every(([key, expected]) =>
          holds(operator, requestValue(request, key), [expected].flat()),
        ),
      ),
    )
    .map((statement) => statement.Sid ?? '(no Sid)');
}

type RequestValue = string | boolean | readonly string[] | undefined;

function requestValue(request: RequestContext, key: string): RequestValue {
  return (request as Record<string, RequestValue>)[key];
}

function holds(operator: string, value: RequestValue, expected: string[]): boolean {
  const present = value !== undefined;
  const values = typeof value === 'object' ? [...value] : present ? [String(value)] : [];
  const single = values[0] ?? '';
  switch (operator) {
    case 'Null':
      return expected[0] === String(!present);
    case 'BoolIfExists':
      return !present || expected.includes(String(value));
    case 'ForAnyValue:StringNotLike':
      return values.some((item) => !expected.some((pattern) => wildcard(pattern).test(item)));
    case 'ForAnyValue:StringNotEquals':
      return values.some((item) => !expected.includes(item));
    // A negated operator is true when the key is absent.
    case 'StringNotEquals':
      return !present || !expected.includes(single);
    case 'ArnNotLike':
      return !present || !expected.some((pattern) => wildcard(pattern).test(single));
    default:
      throw new Error(`matchingDenies does not know the operator ${operator}`);
  }
}

/** IAM's `*` (any run of characters) and `?` (any one character), the rest literal. */
function wildcard(pattern: string): RegExp {
  const source = [...pattern]
    .map((character) =>
      character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, 's');
}
