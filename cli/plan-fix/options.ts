import { describeExpectedFormat, isValidNetworkId, type NetworkIdKind } from '../../evaluator/network-ids';
import { checkedRegionName, parseCommandArgs } from '../args';
import {
  RULE_PARAMETER_HELP,
  RULE_PARAMETER_OPTIONS,
  ruleParametersFromFlags,
  type ResolvedRuleParameters,
} from '../rule-options';
import { UsageError } from '../errors';
import { planFilesFor, type PlanFiles } from './plan-files';

export const PLAN_FIX_HELP = `Usage: sagemaker-model-vpc plan-fix --model NAME (--subnets IDS --security-groups IDS | --from-model NAME) [options]

Prints the create-model input of a replacement for a model, with a VpcConfig added and everything
else copied, the backout input, and the steps that move endpoints to the replacement. VpcConfig is
create-only, so a model is fixed by replacing it. Nothing is changed: it calls DescribeModel,
ListTags, ListModels, ListEndpointConfigs and DescribeEndpointConfig only.

Container Environment values can hold secrets: they are never printed. With --out they are written
to the file (mode 0600) and nowhere else.

  --model NAME                   the model to replace
  --subnets IDS                  subnet IDs for the replacement, comma-separated or repeated
  --security-groups IDS          security group IDs for the replacement, comma-separated or repeated
  --from-model NAME              copy the VpcConfig of this model instead
  --new-name NAME                the replacement's name (default: NAME-vpc)
  --enable-network-isolation     set EnableNetworkIsolation on the replacement (needed with
                                 --require-network-isolation when the model has it off); its
                                 containers then get no network access at all: check they need none
  --out FILE                     write the real create-model input to FILE and the backout input
                                 to FILE with .backout.json, both mode 0600, in a directory that
                                 exists; neither may exist
  --force                        with --out: replace existing files (a symbolic link is replaced,
                                 never followed; a directory, device or FIFO never)
  --region REGION                the model's region (default: the credential chain's)
  --profile NAME                 a profile from the shared AWS config and credentials files

${RULE_PARAMETER_HELP}
  The replacement is checked against these, as the deployed rule would judge it.

Exit codes: 0 plan printed, 1 the replacement would not be compliant (nothing printed on stdout),
            2 usage or API error.
`;

const PLAN_FIX_OPTIONS = {
  model: { type: 'string' },
  subnets: { type: 'string', multiple: true },
  'security-groups': { type: 'string', multiple: true },
  'from-model': { type: 'string' },
  'new-name': { type: 'string' },
  'enable-network-isolation': { type: 'boolean' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  region: { type: 'string' },
  profile: { type: 'string' },
  ...RULE_PARAMETER_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where the replacement's VpcConfig comes from. */
export type NetworkSource =
  | {
      readonly kind: 'given';
      readonly subnets: readonly string[];
      readonly securityGroupIds: readonly string[];
    }
  | { readonly kind: 'from-model'; readonly modelName: string };

export type PlanFixOptions =
  | { readonly help: true }
  | {
      readonly help: false;
      readonly modelName: string;
      readonly newName: string;
      readonly network: NetworkSource;
      /** Turn network isolation on in the replacement; otherwise it is copied. */
      readonly enableNetworkIsolation: boolean;
      readonly out?: PlanFiles;
      /** Replace existing files at `out`. */
      readonly force: boolean;
      readonly region?: string;
      readonly profile?: string;
      readonly rule: ResolvedRuleParameters;
    };

/** SageMaker's limits on VpcConfig lists. */
const MAX_SUBNETS = 16;
const MAX_SECURITY_GROUPS = 5;
/** SageMaker's ModelName pattern and length limit. */
const MODEL_NAME = /^[a-zA-Z0-9](?:-*[a-zA-Z0-9])*$/;
const MAX_MODEL_NAME_LENGTH = 63;

export function parsePlanFixOptions(args: readonly string[]): PlanFixOptions {
  const values = parseCommandArgs('plan-fix', args, PLAN_FIX_OPTIONS);
  if (values.help) return { help: true };
  if (values.model === undefined) throw new UsageError('--model is required');
  const modelName = modelNameOption('--model', values.model);
  const newName = modelNameOption('--new-name', values['new-name'] ?? `${modelName}-vpc`);
  if (newName === modelName)
    throw new UsageError('--new-name must differ from --model: VpcConfig cannot be changed in place');
  for (const flag of ['out', 'region', 'profile'] as const) {
    if (values[flag] !== undefined && values[flag].trim() === '') throw new UsageError(`--${flag} is empty`);
  }
  if (values.force && values.out === undefined) throw new UsageError('--force only applies to --out');
  return {
    help: false,
    modelName,
    newName,
    network: networkSource(values.subnets, values['security-groups'], values['from-model']),
    enableNetworkIsolation: values['enable-network-isolation'] ?? false,
    ...(values.out !== undefined && { out: planFilesFor(values.out) }),
    force: values.force ?? false,
    ...(values.region !== undefined && { region: checkedRegionName('--region', values.region) }),
    ...(values.profile !== undefined && { profile: values.profile }),
    rule: ruleParametersFromFlags(values),
  };
}

function networkSource(
  subnets: readonly string[] | undefined,
  securityGroups: readonly string[] | undefined,
  fromModel: string | undefined,
): NetworkSource {
  const given = subnets !== undefined || securityGroups !== undefined;
  if (given && fromModel !== undefined)
    throw new UsageError('use either --subnets and --security-groups, or --from-model');
  if (fromModel !== undefined)
    return { kind: 'from-model', modelName: modelNameOption('--from-model', fromModel) };
  if (subnets === undefined || securityGroups === undefined) {
    throw new UsageError('the replacement needs --subnets and --security-groups (or --from-model)');
  }
  return {
    kind: 'given',
    subnets: idList('--subnets', 'subnet', subnets, MAX_SUBNETS),
    securityGroupIds: idList('--security-groups', 'securityGroup', securityGroups, MAX_SECURITY_GROUPS),
  };
}

function idList(flag: string, kind: NetworkIdKind, values: readonly string[], max: number): string[] {
  const ids = [...new Set(values.flatMap((value) => value.split(',')).map((id) => id.trim()))];
  for (const id of ids) {
    if (!isValidNetworkId(kind, id))
      throw new UsageError(`${flag}: '${id}' is not ${describeExpectedFormat(kind)}`);
  }
  if (ids.length > max) throw new UsageError(`${flag}: SageMaker accepts at most ${max}, got ${ids.length}`);
  return ids;
}

function modelNameOption(flag: string, value: string): string {
  if (!MODEL_NAME.test(value) || value.length > MAX_MODEL_NAME_LENGTH) {
    throw new UsageError(
      `${flag} '${value}' is not a SageMaker model name (letters, digits and hyphens, at most ${MAX_MODEL_NAME_LENGTH}, ` +
        'starting and ending with a letter or digit)',
    );
  }
  return value;
}
