import { parseArgs } from 'node:util';
import { chooseReportFormat, FORMAT_HELP, type ReportFormat } from '../report';
import type { CliIo } from '../process-io';
import {
  RULE_PARAMETER_HELP,
  RULE_PARAMETER_OPTIONS,
  ruleParametersFromFlags,
  type ResolvedRuleParameters,
} from '../rule-options';
import { UsageError } from '../errors';
import {
  describeBytes,
  MAX_NESTING_DEPTH,
  MAX_TEMPLATE_BYTES,
  MAX_YAML_TEMPLATE_BYTES,
  MAX_YAML_TOKENS,
} from './limits';

export const SCAN_HELP = `Usage: sagemaker-model-vpc scan [options] PATH...

Judges every AWS::SageMaker::Model in CloudFormation templates before deployment, with the rule's own
evaluator. PATH is a template (JSON or YAML, short-form intrinsics included), a directory (searched for
*.json, *.yaml, *.yml and *.template templates, symbolic links followed, node_modules skipped) or a CDK
output folder (cdk.out: the stacks its manifest.json lists, stages and nested stacks included). A
directory must hold at least one template. Values computed at deploy time (Ref, Fn::GetAtt, dynamic
references such as {{resolve:ssm:...}}, ...) cannot be checked before deployment: they count as present
and the report lists them as unchecked. Every branch of an Fn::If is judged. A key given twice takes
its last value, as in CloudFormation, and is reported as a warning. Only regular files of up to
${describeBytes(MAX_TEMPLATE_BYTES)} (${describeBytes(MAX_YAML_TEMPLATE_BYTES)} and ${MAX_YAML_TOKENS} tokens of YAML) that nest at most ${MAX_NESTING_DEPTH} levels deep are read; in a directory,
anything else is skipped with a warning, and a file that never spells AWS::SageMaker::Model is not
parsed.

Where:
${FORMAT_HELP}

${RULE_PARAMETER_HELP}
                                 (only a literal tag in the template's Tags exempts)

Exit codes: 0 every model compliant or not applicable, 1 any non-compliant,
            2 a file that could not be read or parsed, a directory without templates,
              or a usage error. Warnings do not change the exit code.
`;

const SCAN_OPTIONS = {
  format: { type: 'string' },
  ...RULE_PARAMETER_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

export type ScanOptions =
  | { readonly help: true }
  | {
      readonly help: false;
      readonly paths: readonly string[];
      readonly format: ReportFormat;
      readonly rule: ResolvedRuleParameters;
    };

export function parseScanOptions(args: readonly string[], io: CliIo): ScanOptions {
  const { values, positionals } = parseFlagsAndPaths(args);
  if (values.help) return { help: true };
  if (positionals.length === 0) {
    throw new UsageError(
      `no PATH given: name templates, directories or cdk.out folders. Run 'sagemaker-model-vpc scan --help' for usage.`,
    );
  }
  return {
    help: false,
    paths: positionals,
    format: chooseReportFormat(values.format, io),
    rule: ruleParametersFromFlags(values),
  };
}

function parseFlagsAndPaths(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: SCAN_OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run 'sagemaker-model-vpc scan --help' for usage.`);
  }
}
