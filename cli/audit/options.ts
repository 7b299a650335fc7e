import { checkedRegionName, parseCommandArgs } from '../args';
import { chooseReportFormat, FORMAT_HELP, type ReportFormat } from '../report';
import type { CliIo } from '../process-io';
import {
  RULE_PARAMETER_HELP,
  RULE_PARAMETER_OPTIONS,
  ruleParametersFromFlags,
  type ResolvedRuleParameters,
} from '../rule-options';
import { UsageError } from '../errors';

export const AUDIT_HELP = `Usage: sagemaker-model-vpc audit [--region REGION]... | --all-regions [options]

Judges every SageMaker model in the account with the rule's own evaluator. Read-only: it calls
ListModels, DescribeModel and ListTags (only with --exemption-tag), and DescribeRegions for --all-regions.

Where:
  --region REGION                a region to audit; repeat or comma-separate for several
                                 (default: the region of the credential chain, e.g. AWS_REGION)
  --all-regions                  every region enabled in the account (EC2 DescribeRegions)
  --profile NAME                 a profile from the shared AWS config and credentials files
${FORMAT_HELP}

${RULE_PARAMETER_HELP}

Exit codes: 0 every model compliant or not applicable, 1 any non-compliant,
            2 any model or region that could not be judged, or a usage error.
`;

const AUDIT_OPTIONS = {
  region: { type: 'string', multiple: true },
  'all-regions': { type: 'boolean' },
  profile: { type: 'string' },
  format: { type: 'string' },
  ...RULE_PARAMETER_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** `listed`: the regions named; `all-enabled`: ask EC2; `default`: the credential chain's region. */
export type RegionChoice =
  | { readonly kind: 'listed'; readonly regions: readonly string[] }
  | { readonly kind: 'all-enabled' }
  | { readonly kind: 'default' };

export type AuditOptions =
  | { readonly help: true }
  | {
      readonly help: false;
      readonly regions: RegionChoice;
      readonly profile?: string;
      readonly format: ReportFormat;
      readonly rule: ResolvedRuleParameters;
    };

export function parseAuditOptions(args: readonly string[], io: CliIo): AuditOptions {
  const values = parseCommandArgs('audit', args, AUDIT_OPTIONS);
  if (values.help) return { help: true };
  if (values.profile !== undefined && values.profile.trim() === '')
    throw new UsageError('--profile is empty');
  return {
    help: false,
    regions: regionChoice(values.region, values['all-regions'] ?? false),
    ...(values.profile !== undefined && { profile: values.profile }),
    format: chooseReportFormat(values.format, io),
    rule: ruleParametersFromFlags(values),
  };
}

function regionChoice(regionFlags: readonly string[] | undefined, allRegions: boolean): RegionChoice {
  if (allRegions && regionFlags !== undefined)
    throw new UsageError('--region and --all-regions cannot be used together');
  if (allRegions) return { kind: 'all-enabled' };
  if (regionFlags === undefined) return { kind: 'default' };
  const regions = regionFlags
    .flatMap((flag) => flag.split(','))
    .map((region) => checkedRegionName('--region', region.trim()));
  return { kind: 'listed', regions: [...new Set(regions)] };
}
