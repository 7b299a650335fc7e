/**
 * What the CDK construct that deploys the CloudFormation hook and the hook function agree on: the
 * environment variables the function reads at cold start and the failure modes it knows.
 */

/** How the hook answers when it cannot judge a model: let it through with a warning, or stop it. */
export type HookFailureMode = 'WARN' | 'FAIL';
export const HOOK_FAILURE_MODES: readonly HookFailureMode[] = ['WARN', 'FAIL'];
/** A broken hook must not block every model deployment: failing open is the default. */
export const DEFAULT_HOOK_FAILURE_MODE: HookFailureMode = 'WARN';

/**
 * The rule parameters, as the JSON object of strings AWS Config passes a rule
 * (`{"subnetIds":"subnet-..."}`), so that one parser and one set of values serve both.
 */
export const RULE_PARAMETERS_VARIABLE = 'RULE_PARAMETERS';
export const FAILURE_MODE_VARIABLE = 'HOOK_FAILURE_MODE';

export function isHookFailureMode(value: string): value is HookFailureMode {
  return (HOOK_FAILURE_MODES as readonly string[]).includes(value);
}

/** `name` says where the value came from (a context key, a prop), so the error points there. */
export function parseHookFailureMode(value: string, name: string): HookFailureMode {
  if (!isHookFailureMode(value)) {
    throw new Error(`${name} must be one of ${HOOK_FAILURE_MODES.join(', ')}, got '${value}'`);
  }
  return value;
}
