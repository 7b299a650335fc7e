import type { CreateModelInput } from '@aws-sdk/client-sagemaker';
import type { Verdict } from '../../evaluator/evaluate-model';
import { jsonText, singleLine } from '../report/control-characters';
import { MAX_ENDPOINT_CONFIGS_SEARCHED } from './model-reads';
import type { PlanFiles } from './plan-files';

export interface Plan {
  readonly region: string;
  readonly profile?: string;
  readonly modelName: string;
  readonly newName: string;
  readonly current: Verdict;
  readonly proposed: Verdict;
  /** Both already redacted: this text goes to stdout. */
  readonly replacement: CreateModelInput;
  readonly backout: CreateModelInput;
  readonly environmentRedacted: boolean;
  /** Undefined when there were too many endpoint configs to search. */
  readonly endpointConfigs: readonly string[] | undefined;
  readonly files?: PlanFiles;
}

/**
 * The plan as people read it: verdicts, the two inputs, then the steps in order. What the API returned
 * (container images, endpoint config names, verdicts built from IDs) reaches the terminal without a
 * control character: the inputs as JSON with `\u` escapes, the rest on single lines.
 */
export function renderPlan(plan: Plan): string {
  const aws = (operation: string): string =>
    `aws sagemaker ${operation} --region ${shellWord(plan.region)}${plan.profile === undefined ? '' : ` --profile ${shellWord(plan.profile)}`}`;
  const replacementFile = plan.files?.replacement ?? `${plan.newName}.json`;
  const backoutFile = plan.files?.backout ?? `${plan.modelName}.backout.json`;
  const lines = [
    `Model ${plan.modelName} in ${plan.region} is ${describeVerdict(plan.current)}`,
    `Replacement ${plan.newName} would be ${describeVerdict(plan.proposed)}`,
    'Nothing was changed: this command only reads.',
    '',
    `== Replacement model: ${saveAs(plan, replacementFile)}`,
    jsonText(plan.replacement),
    '',
    `== Backout: re-creates ${plan.modelName} as it is now; ${saveAs(plan, backoutFile)}`,
    jsonText(plan.backout),
    '',
    '== Steps',
    `1. Create the replacement model:`,
    `     ${aws('create-model')} --cli-input-json file://${shellWord(replacementFile)}`,
    `2. ${endpointConfigLine(plan)}`,
    `   Copy each under a new name with ModelName ${plan.newName} in its variants:`,
    `     ${aws('describe-endpoint-config')} --endpoint-config-name CONFIG`,
    `     ${aws('create-endpoint-config')} --cli-input-json file://CONFIG-vpc.json`,
    `3. Point each endpoint that uses an old config at its copy:`,
    `     ${aws('update-endpoint')} --endpoint-name ENDPOINT --endpoint-config-name CONFIG-vpc`,
    `4. Once no endpoint config refers to ${plan.modelName}, delete it:`,
    `     ${aws('delete-model')} --model-name ${plan.modelName}`,
    `Backout: update-endpoint back to the old config; if ${plan.modelName} was already deleted, first`,
    `     ${aws('create-model')} --cli-input-json file://${shellWord(backoutFile)}`,
    '',
    filesLine(plan),
  ];
  return `${lines.join('\n')}\n`;
}

/** A redacted input must not be saved and used as is: it would create a model with placeholder values. */
function saveAs(plan: Plan, file: string): string {
  if (plan.files) return `written to ${file}`;
  if (plan.environmentRedacted)
    return `Environment redacted, so do not save this: write the real input with --out`;
  return `save as ${file}`;
}

function describeVerdict(verdict: Verdict): string {
  return verdict.annotation === ''
    ? verdict.compliance
    : `${verdict.compliance}: ${singleLine(verdict.annotation)}`;
}

function endpointConfigLine(plan: Plan): string {
  if (plan.endpointConfigs === undefined) {
    return `Find the endpoint configs that use ${plan.modelName} (more than ${MAX_ENDPOINT_CONFIGS_SEARCHED} exist; not searched).`;
  }
  if (plan.endpointConfigs.length === 0)
    return `No endpoint config uses ${plan.modelName} now; skip to step 4 if none will.`;
  return `Endpoint configs that use ${plan.modelName}: ${plan.endpointConfigs.map(singleLine).join(', ')}.`;
}

function filesLine(plan: Plan): string {
  if (plan.files) {
    return `The unredacted inputs are in ${plan.files.replacement} and ${plan.files.backout} (mode 0600); they may hold secrets.`;
  }
  if (plan.environmentRedacted) {
    return 'Container Environment values are redacted above; run again with --out FILE to write the real inputs (mode 0600).';
  }
  return 'The inputs above are complete: no container has Environment values.';
}

/** Quotes a value for a POSIX shell unless it is plainly safe. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
