import { isPlainObject } from '../evaluator/model-facts';

/**
 * A CloudFormation Lambda hook request for a resource operation, in the shape the Hooks User Guide
 * documents ("Create Lambda functions to evaluate resources for Lambda Hooks"). Stack and change set
 * requests share the envelope but carry a `payload` URL instead of a `targetModel`. The request token is
 * not part of it: it is read apart (`clientRequestTokenOf`), so that even a request that cannot be judged
 * gets it back, and it is never needed to judge.
 */
export interface HookRequest {
  readonly actionInvocationPoint: InvocationPoint;
  /** The resource type, such as `AWS::SageMaker::Model`; `STACK` or `CHANGE_SET` for those targets. */
  readonly targetName: string;
  /** The template's logical ID, or a constructed one for Cloud Control API requests. */
  readonly targetLogicalId?: string;
  /** The proposed, resolved properties; absent for a delete and for stack and change set targets. */
  readonly resourceProperties?: unknown;
}

const INVOCATION_POINTS = ['CREATE_PRE_PROVISION', 'UPDATE_PRE_PROVISION', 'DELETE_PRE_PROVISION'] as const;
export type InvocationPoint = (typeof INVOCATION_POINTS)[number];

class MalformedHookRequestError extends Error {
  constructor(problem: string) {
    super(`Malformed hook request: ${problem}`);
    this.name = 'MalformedHookRequestError';
  }
}

/**
 * The request token, wherever it can be found, so that even a malformed request gets an answer
 * CloudFormation can match. The guide spells it `clientRequesttoken` in its stack and change set
 * syntax, `clientRequestToken` in its examples and its response, and leaves it out of its resource
 * input syntax: both spellings are read, and a request without either is still judged.
 */
export function clientRequestTokenOf(event: unknown): string | undefined {
  if (!isPlainObject(event)) return undefined;
  const token = event.clientRequestToken ?? event.clientRequesttoken;
  return typeof token === 'string' && token !== '' ? token : undefined;
}

/**
 * Validates what judging needs, and only that: refusing a request for anything else (the token, say)
 * would let the model through unjudged under the WARN failure mode. The properties are left as they
 * came, for the evaluator to judge.
 */
export function parseHookRequest(event: unknown): HookRequest {
  if (!isPlainObject(event)) throw new MalformedHookRequestError('the request is not a JSON object');
  const point = event.actionInvocationPoint;
  const actionInvocationPoint = INVOCATION_POINTS.find((known) => known === point);
  if (actionInvocationPoint === undefined) {
    throw new MalformedHookRequestError(
      `actionInvocationPoint ${describe(point)} is not one of ${INVOCATION_POINTS.join(', ')}`,
    );
  }
  const requestData = event.requestData;
  if (!isPlainObject(requestData)) throw new MalformedHookRequestError('requestData is not an object');
  const targetName = requestData.targetName;
  if (typeof targetName !== 'string' || targetName === '') {
    throw new MalformedHookRequestError('requestData.targetName is missing or not a string');
  }
  const logicalId = requestData.targetLogicalId;
  const targetModel = requestData.targetModel;
  if (targetModel !== undefined && targetModel !== null && !isPlainObject(targetModel)) {
    throw new MalformedHookRequestError('requestData.targetModel is not an object');
  }
  return {
    actionInvocationPoint,
    targetName,
    ...(typeof logicalId === 'string' && { targetLogicalId: logicalId }),
    ...(isPlainObject(targetModel) && { resourceProperties: targetModel.resourceProperties }),
  };
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? `'${value.slice(0, 40)}'`
    : `(${value === null ? 'null' : typeof value})`;
}
