import { parseCommandArgs } from '../cli/args';
import { RULE_PARAMETER_HELP, RULE_PARAMETER_OPTIONS, ruleParametersFromFlags } from '../cli/rule-options';
import { conformancePackTemplateYaml } from '../lib/conformance-pack';
import {
  checkExecutionFrequency,
  checkRuleName,
  DEFAULT_EXECUTION_FREQUENCY,
  DEFAULT_RULE_NAME,
  EXECUTION_FREQUENCIES,
  ruleInputParameters,
} from '../lib/rule-definition';

export const USAGE = `Prints an AWS Config conformance pack template (YAML) holding the SageMaker model VPC rule.

Usage: npm run --silent conformance-pack -- [options] > pack.yaml

  --function-arn ARN             the deployed rule function (stack output FunctionArn); if left out,
                                 pass it at deploy time as the RuleFunctionArn parameter
  --rule-name NAME               default ${DEFAULT_RULE_NAME}
  --maximum-execution-frequency FREQUENCY
                                 ${EXECUTION_FREQUENCIES.join(' | ')} (default ${DEFAULT_EXECUTION_FREQUENCY})
  --help

${RULE_PARAMETER_HELP}

Rule parameters left out are left out of the pack: conformance pack parameters cannot be empty.
Deploy with: aws configservice put-conformance-pack --conformance-pack-name sagemaker-model-vpc --template-body file://pack.yaml
`;

/** The rule flags are the CLI's own, so every front end takes rule parameters the same way. */
const PACK_OPTIONS = {
  'function-arn': { type: 'string' },
  'rule-name': { type: 'string' },
  'maximum-execution-frequency': { type: 'string' },
  ...RULE_PARAMETER_OPTIONS,
} as const;

/** The template for the given command-line arguments; throws with a message naming any bad one. */
export function renderConformancePack(argv: readonly string[]): string {
  const values = parseCommandArgs(
    'conformance-pack',
    argv,
    PACK_OPTIONS,
    'npm run conformance-pack -- --help',
  );
  const functionArn = values['function-arn'];
  return conformancePackTemplateYaml({
    ruleName: checkRuleName(values['rule-name'] ?? DEFAULT_RULE_NAME, '--rule-name'),
    maximumExecutionFrequency: checkExecutionFrequency(
      values['maximum-execution-frequency'] ?? DEFAULT_EXECUTION_FREQUENCY,
    ),
    inputParameters: ruleInputParameters(ruleParametersFromFlags(values).raw),
    ...(functionArn !== undefined && { functionArn }),
  });
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    process.stdout.write(USAGE);
  } else {
    try {
      process.stdout.write(renderConformancePack(argv));
    } catch (error) {
      process.stderr.write(`conformance-pack: ${(error as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
    }
  }
}
