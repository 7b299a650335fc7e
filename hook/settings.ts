import {
  DEFAULT_HOOK_FAILURE_MODE,
  FAILURE_MODE_VARIABLE,
  HOOK_FAILURE_MODES,
  isHookFailureMode,
  RULE_PARAMETERS_VARIABLE,
  type HookFailureMode,
} from '../settings/hook-function';
import {
  InvalidRuleParameterError,
  parseRuleParametersJson,
  type RuleParameters,
} from '../evaluator/rule-parameters';

export interface HookSettings {
  readonly failureMode: HookFailureMode;
  readonly parameters: RuleParameters;
}

/** Settings that could not be read: every request is answered with this problem, per the failure mode. */
export interface BrokenHookSettings {
  readonly failureMode: HookFailureMode;
  readonly problem: string;
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
