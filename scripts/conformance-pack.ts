import { parseArgs } from 'node:util';
import { RULE_PARAMETER_NAMES } from '../evaluator/rule-parameters';
import { conformancePackTemplateYaml } from '../lib/conformance-pack';
import {
  checkExecutionFrequency,
  checkRuleName,
  DEFAULT_EXECUTION_FREQUENCY,
  DEFAULT_RULE_NAME,
  EXECUTION_FREQUENCIES,
  ruleInputParameters,
} from '../lib/rule-definition';

const kebab = (name: string): string => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

export const USAGE = `Prints an AWS Config conformance pack template (YAML) holding the SageMaker model VPC rule.

Usage: npm run --silent conformance-pack -- [options] > pack.yaml

  --function-arn <arn>                 the deployed rule function (stack output FunctionArn); if left out,
                                       pass it at deploy time as the RuleFunctionArn parameter
  --rule-name <name>                   default ${DEFAULT_RULE_NAME}
  --maximum-execution-frequency <f>    ${EXECUTION_FREQUENCIES.join(' | ')} (default ${DEFAULT_EXECUTION_FREQUENCY})
  --subnet-ids <ids>                   allowed subnets, comma-separated (subnet-...)
  --security-group-ids <ids>           allowed security groups, comma-separated (sg-...)
  --require-network-isolation <bool>   true or false (default false)
  --exemption-tag <key[=value]>        models with this tag are NOT_APPLICABLE
  --help

Rule parameters left out are left out of the pack: conformance pack parameters cannot be empty.
Deploy with: aws configservice put-conformance-pack --conformance-pack-name sagemaker-model-vpc --template-body file://pack.yaml
`;

/** The template for the given command-line arguments; throws with a message naming any bad one. */
export function renderConformancePack(argv: readonly string[]): string {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      'function-arn': { type: 'string' },
      'rule-name': { type: 'string' },
      'maximum-execution-frequency': { type: 'string' },
      ...Object.fromEntries(RULE_PARAMETER_NAMES.map((name) => [kebab(name), { type: 'string' as const }])),
    },
  });
  const options: Readonly<Record<string, string | boolean | undefined>> = values;
  const option = (name: string): string | undefined => options[name] as string | undefined;
  const rawParameters = Object.fromEntries(RULE_PARAMETER_NAMES.map((name) => [name, option(kebab(name))]));
  const functionArn = option('function-arn');
  return conformancePackTemplateYaml({
    ruleName: checkRuleName(option('rule-name') ?? DEFAULT_RULE_NAME),
    maximumExecutionFrequency: checkExecutionFrequency(
      option('maximum-execution-frequency') ?? DEFAULT_EXECUTION_FREQUENCY,
    ),
    inputParameters: ruleInputParameters(rawParameters),
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
