import {
  InvalidRuleParameterError,
  parseRuleParametersJson,
  type RuleParameters,
} from '../evaluator/rule-parameters';

/** How the hook answers when it cannot judge a model: let it through with a warning, or stop it. */
export type HookFailureMode = 'WARN' | 'FAIL';
export const HOOK_FAILURE_MODES: readonly HookFailureMode[] = ['WARN', 'FAIL'];
/** A broken hook must not block every model deployment: failing open is the default. */
export const DEFAULT_HOOK_FAILURE_MODE: HookFailureMode = 'WARN';

/**
 * The environment variables the hook function reads at cold start. The rule parameters are the JSON
 * object of strings AWS Config passes a rule (`{"subnetIds":"subnet-..."}`), so that one parser and one
 * set of values serve both.
 */
export const RULE_PARAMETERS_VARIABLE = 'RULE_PARAMETERS';
export const FAILURE_MODE_VARIABLE = 'HOOK_FAILURE_MODE';

export interface HookSettings {
  readonly failureMode: HookFailureMode;
  readonly parameters: RuleParameters;
}

/** Settings that could not be read: every request is answered with this problem, per the failure mode. */
export interface BrokenHookSettings {
  readonly failureMode: HookFailureMode;
  readonly problem: string;
}

export function isHookFailureMode(value: string): value is HookFailureMode {
  return (HOOK_FAILURE_MODES as readonly string[]).includes(value);
}

/**
 * Reads and validates the settings. A bad failure mode falls back to the default so that the other
 * problem can still be reported; a bad rule parameter is reported, never replaced by defaults, which
 * would silently drop an allow-list.
 */
export function hookSettingsFromEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): HookSettings | BrokenHookSettings {
  const mode = environment[FAILURE_MODE_VARIABLE];
  const modeKnown = mode === undefined || mode === '' || isHookFailureMode(mode);
  const failureMode = mode !== undefined && isHookFailureMode(mode) ? mode : DEFAULT_HOOK_FAILURE_MODE;
  if (!modeKnown) {
    return {
      failureMode,
      problem: `${FAILURE_MODE_VARIABLE} '${mode}' is not one of ${HOOK_FAILURE_MODES.join(', ')}`,
    };
  }
  try {
    return { failureMode, parameters: parseRuleParametersJson(environment[RULE_PARAMETERS_VARIABLE]) };
  } catch (error) {
    if (!(error instanceof InvalidRuleParameterError)) throw error;
    return { failureMode, problem: `${RULE_PARAMETERS_VARIABLE}: ${error.message}` };
  }
}
