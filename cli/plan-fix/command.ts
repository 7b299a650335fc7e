import type { SageMakerClient, VpcConfig } from '@aws-sdk/client-sagemaker';
import { modelFactsFromDescribeModel } from '../../evaluator/adapters/describe-model';
import { evaluateModel } from '../../evaluator/evaluate-model';
import type { CliIo } from '../process-io';
import { EXIT_NON_COMPLIANT, EXIT_OK } from '../report';
import { checkedRegionName } from '../args';
import { singleLine } from '../report/control-characters';
import { configuredRegion, sageMakerClientFor } from '../sagemaker';
import { UsageError } from '../errors';
import { createModelInputFrom, hasEnvironmentValues, redactEnvironment } from './create-model-input';
import { describeModel, describeModelWithTags, endpointConfigsUsing, modelExists } from './model-reads';
import { PLAN_FIX_HELP, parsePlanFixOptions, type NetworkSource } from './options';
import { checkPlanTargets, writePlanFiles } from './plan-files';
import { renderPlan } from './render-plan';

export async function runPlanFixCommand(args: readonly string[], io: CliIo): Promise<number> {
  const options = parsePlanFixOptions(args);
  if (options.help) {
    io.stdout(PLAN_FIX_HELP);
    return EXIT_OK;
  }
  if (options.out) checkPlanTargets(options.out, options.force);
  const region = options.region ?? (await configuredRegion(options.profile));
  if (region === undefined)
    throw new UsageError('no region given: pass --region, or set AWS_REGION or a profile region');
  // It is printed in shell commands, so even the credential chain's region must be a region name.
  checkedRegionName('the configured region', region);
  const client = sageMakerClientFor(region, options.profile);
  try {
    const original = await describeModelWithTags(client, options.modelName);
    const vpcConfig = await replacementVpcConfig(client, options.network);
    if (await modelExists(client, options.newName)) {
      throw new UsageError(
        `a model named ${options.newName} already exists in ${region}; choose another with --new-name`,
      );
    }
    const { parameters } = options.rule;
    const current = evaluateModel(
      modelFactsFromDescribeModel(options.modelName, original.description, original.tags),
      parameters,
    );
    const replacement = createModelInputFrom(original.description, original.tags, {
      modelName: options.newName,
      vpcConfig,
      ...(options.enableNetworkIsolation && { enableNetworkIsolation: true }),
    });
    // The replacement must pass on its own merits, not because it inherits an exemption tag.
    const proposed = evaluateModel(
      modelFactsFromDescribeModel(
        options.newName,
        {
          ...original.description,
          ModelName: options.newName,
          VpcConfig: replacement.VpcConfig,
          EnableNetworkIsolation: replacement.EnableNetworkIsolation,
        },
        original.tags,
      ),
      { ...parameters, exemptionTag: undefined },
    );
    if (proposed.compliance !== 'COMPLIANT') {
      const hint =
        parameters.requireNetworkIsolation && replacement.EnableNetworkIsolation !== true
          ? '; pass --enable-network-isolation to turn network isolation on in the replacement'
          : '';
      io.stderr(
        `error: the replacement would still be ${proposed.compliance}: ${singleLine(proposed.reasons.join('; '))}${hint}\n`,
      );
      return EXIT_NON_COMPLIANT;
    }

    const backout = createModelInputFrom(original.description, original.tags, {
      modelName: options.modelName,
      vpcConfig: original.description.VpcConfig,
    });
    const endpointConfigs = await endpointConfigsUsing(client, options.modelName);
    if (options.out) writePlanFiles(options.out, replacement, backout, options.force);
    io.stdout(
      renderPlan({
        region,
        ...(options.profile !== undefined && { profile: options.profile }),
        modelName: options.modelName,
        newName: options.newName,
        current,
        proposed,
        replacement: redactEnvironment(replacement),
        backout: redactEnvironment(backout),
        environmentRedacted: hasEnvironmentValues(replacement),
        endpointConfigs,
        ...(options.out && { files: options.out }),
      }),
    );
    return EXIT_OK;
  } finally {
    client.destroy();
  }
}

async function replacementVpcConfig(client: SageMakerClient, network: NetworkSource): Promise<VpcConfig> {
  if (network.kind === 'given')
    return { Subnets: [...network.subnets], SecurityGroupIds: [...network.securityGroupIds] };
  const reference = await describeModel(client, network.modelName);
  const { Subnets = [], SecurityGroupIds = [] } = reference.VpcConfig ?? {};
  if (Subnets.length === 0 || SecurityGroupIds.length === 0) {
    throw new UsageError(
      `--from-model ${network.modelName} has no VpcConfig with subnets and security groups to copy`,
    );
  }
  return { Subnets, SecurityGroupIds };
}
