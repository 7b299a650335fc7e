import {
  InvalidPolicyOptionError,
  PolicyTooLargeError,
  policyText,
  preventivePolicy,
} from '../../policy/iam-policy';
import type { CliIo } from '../process-io';
import { jsonText } from '../report/control-characters';
import { UsageError } from '../errors';
import { parsePolicyOptions, POLICY_HELP } from './options';

/** `sagemaker-model-vpc policy`: returns the exit code instead of exiting, so tests can run it in-process. */
export function runPolicyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = parsePolicyOptions(args);
  if (options.help) {
    io.stdout(POLICY_HELP);
    return Promise.resolve(0);
  }
  let policy;
  try {
    policy = preventivePolicy(options.format, options.rule.parameters, {
      exemptPrincipalArns: options.exemptPrincipalArns,
    });
  } catch (error) {
    // Both are about what was asked for, so they read as usage errors: one line, exit code 2.
    if (error instanceof InvalidPolicyOptionError || error instanceof PolicyTooLargeError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  // Indented for a person, with any character a terminal would act on escaped (a tag value is free text).
  io.stdout(`${io.stdoutIsTTY ? jsonText(policy) : policyText(policy)}\n`);
  return Promise.resolve(0);
}
