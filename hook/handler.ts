import { Logger } from '@aws-lambda-powertools/logger';
import { describeError } from '../aws/call-errors';
import { firstCharacters } from '../evaluator/annotation';
import { evaluateModelProperties } from '../evaluator/adapters/cloudformation-resource';
import type { Verdict } from '../evaluator/evaluate-model';
import { isPlainObject, MODEL_RESOURCE_TYPE } from '../evaluator/model-facts';
import { clientRequestTokenOf, parseHookRequest, type HookRequest } from './request';
import type { HookFailureMode } from '../settings/hook-function';
import { hookSettingsFromEnvironment, type BrokenHookSettings, type HookSettings } from './settings';

/** The answer CloudFormation Hooks expects from a Lambda hook (Hooks User Guide, "Response input"). */
export interface HookResponse {
  readonly hookStatus: 'SUCCESS' | 'FAILED';
  readonly errorCode?: 'NonCompliant' | 'InternalFailure';
  readonly message: string;
  /** Echoed from the request; absent only when the request carried none. */
  readonly clientRequestToken?: string;
  readonly annotations?: readonly HookAnnotation[];
}

export interface HookAnnotation {
  readonly annotationName: string;
  readonly status: 'PASSED' | 'FAILED' | 'SKIPPED';
  readonly statusMessage: string;
  readonly remediationMessage?: string;
  readonly severityLevel?: 'HIGH';
}

/**
 * Structured JSON logs. Log the target's type and logical ID, verdicts and error messages only: the
 * resource properties hold the containers' `Environment`, which can hold secrets.
 */
export const logger = new Logger({ serviceName: 'sagemaker-model-vpc-hook' });

const ANNOTATION_NAME = 'SageMakerModelInVpc';
/** Hooks cut a message to 1,024 characters for Cloud Control API operations (4,096 for stacks). */
const MAX_MESSAGE_LENGTH = 1024;
const REMEDIATION =
  'Create the model with a VpcConfig whose Subnets and SecurityGroupIds hold valid IDs (subnet-/sg- and 8 or ' +
  "17 lowercase hex digits) from the rule's allow-lists, with EnableNetworkIsolation when the rule requires it.";

type Settings = HookSettings | BrokenHookSettings;

/**
 * The hook's answer to one request. It never throws: an exception would reach CloudFormation as a failed
 * hook whatever the failure mode says, so every problem is answered as the failure mode decides.
 */
export function createHookHandler(settings: Settings): (event: unknown) => Promise<HookResponse> {
  return (event) => Promise.resolve(answer(event, settings));
}

function answer(event: unknown, settings: Settings): HookResponse {
  const token = clientRequestTokenOf(event);
  if ('problem' in settings)
    return cannotJudge(token, `the hook is misconfigured: ${settings.problem}`, settings);
  let request: HookRequest;
  try {
    request = parseHookRequest(event);
  } catch (error) {
    return cannotJudge(token, describeError(error), settings);
  }
  const target = { targetName: request.targetName, targetLogicalId: request.targetLogicalId };
  if (request.actionInvocationPoint === 'DELETE_PRE_PROVISION') {
    return { hookStatus: 'SUCCESS', message: 'Deleting a model is not judged', ...echoed(token) };
  }
  if (request.targetName !== MODEL_RESOURCE_TYPE) {
    logger.warn('Not a SageMaker model: check the hook target filters', target);
    return {
      hookStatus: 'SUCCESS',
      message: `Not judged: this hook judges only ${MODEL_RESOURCE_TYPE}`,
      ...echoed(token),
    };
  }
  if (!isPlainObject(request.resourceProperties)) {
    return cannotJudge(
      token,
      'requestData.targetModel.resourceProperties is missing or not an object',
      settings,
    );
  }
  let verdict: Verdict;
  try {
    verdict = evaluateModelProperties(request.resourceProperties, settings.parameters);
  } catch (error) {
    return cannotJudge(token, describeError(error), settings);
  }
  // CloudFormation resolves every intrinsic before PRE_PROVISION: one left means a shape nobody documented.
  // A model that fails on what could be read is stopped whatever is left; only a pass resting on an
  // unresolved value cannot be trusted.
  if (verdict.compliance !== 'NON_COMPLIANT' && verdict.unchecked.length > 0) {
    return cannotJudge(token, `properties left unresolved: ${verdict.unchecked.join(', ')}`, settings);
  }
  logger.info('Judged', {
    ...target,
    actionInvocationPoint: request.actionInvocationPoint,
    compliance: verdict.compliance,
    annotation: verdict.annotation,
  });
  return verdictResponse(verdict, token);
}

function verdictResponse(verdict: Verdict, token: string | undefined): HookResponse {
  if (verdict.compliance === 'NON_COMPLIANT') {
    return {
      hookStatus: 'FAILED',
      errorCode: 'NonCompliant',
      message: verdict.annotation,
      ...echoed(token),
      annotations: [
        {
          annotationName: ANNOTATION_NAME,
          status: 'FAILED',
          statusMessage: verdict.annotation,
          remediationMessage: REMEDIATION,
          severityLevel: 'HIGH',
        },
      ],
    };
  }
  const status = verdict.compliance === 'COMPLIANT' ? 'PASSED' : 'SKIPPED';
  return {
    hookStatus: 'SUCCESS',
    message: verdict.annotation,
    ...echoed(token),
    annotations: [{ annotationName: ANNOTATION_NAME, status, statusMessage: verdict.annotation }],
  };
}

/** Logged as an error either way: under WARN it is the only trace that a model went through unjudged. */
function cannotJudge(
  token: string | undefined,
  problem: string,
  settings: { failureMode: HookFailureMode },
): HookResponse {
  logger.error('Could not judge the request', { problem, failureMode: settings.failureMode });
  const base = echoed(token);
  if (settings.failureMode === 'FAIL') {
    return {
      ...base,
      hookStatus: 'FAILED',
      errorCode: 'InternalFailure',
      message: limit(
        `The SageMaker model VPC hook could not judge this model, so it stops it (failure mode FAIL): ${problem}`,
      ),
    };
  }
  return {
    ...base,
    hookStatus: 'SUCCESS',
    message: limit(
      `WARNING: the SageMaker model VPC hook could not judge this model and lets it through (failure mode WARN): ${problem}`,
    ),
  };
}

/** CloudFormation matches the answer to its request by the token; a request without one gets none back. */
function echoed(token: string | undefined): { clientRequestToken?: string } {
  return token === undefined ? {} : { clientRequestToken: token };
}

function limit(message: string): string {
  return firstCharacters(message, MAX_MESSAGE_LENGTH);
}

/** Read once per cold start: a bad value is logged here and then answered on every request. */
const coldStartSettings = hookSettingsFromEnvironment(process.env);
if ('problem' in coldStartSettings) {
  logger.error('The hook is misconfigured: every request is answered per its failure mode', {
    problem: coldStartSettings.problem,
    failureMode: coldStartSettings.failureMode,
  });
}

/** The entry point CloudFormation Hooks invoke. */
export const handler = createHookHandler(coldStartSettings);
