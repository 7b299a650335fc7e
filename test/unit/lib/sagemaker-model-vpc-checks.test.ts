import { Aws, CfnCondition, Fn, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { InvalidRuleParameterError } from '../../../evaluator/rule-parameters';
import { SageMakerModelVpcChecks } from '../../../lib/sagemaker-model-vpc-checks';
import {
  appWithModels,
  modelInOwnVpc,
  modelWithoutVpc,
  modelWithVpcConfig,
} from '../../fixtures/cdk-apps/model-stack';

const SUBNET = 'subnet-0123456789abcdef0';
const OTHER_SUBNET = 'subnet-0fedcba9876543210';
const SECURITY_GROUP = 'sg-0123456789abcdef0';
/** Inside `Fn.conditionIf` a value is written as in the template. */
const TEMPLATE_VPC_CONFIG = { Subnets: [SUBNET], SecurityGroupIds: [SECURITY_GROUP] };

function stackOf(app: ReturnType<typeof appWithModels>): Stack {
  return app.node.findChild('ModelStack') as Stack;
}

describe('SageMakerModelVpcChecks', () => {
  let annotations: Annotations;

  beforeAll(() => {
    const app = appWithModels(
      (stack) => {
        modelInOwnVpc(stack, 'PrivateModel');
        modelWithoutVpc(stack, 'PublicModel');
        modelWithVpcConfig(stack, 'OtherSubnetModel', {
          subnets: [OTHER_SUBNET],
          securityGroupIds: [SECURITY_GROUP],
        });
        const useVpc = new CfnCondition(stack, 'UseVpc', {
          expression: Fn.conditionEquals(Aws.REGION, 'eu-west-1'),
        });
        modelWithoutVpc(stack, 'SometimesPublicModel').vpcConfig = Fn.conditionIf(
          useVpc.logicalId,
          TEMPLATE_VPC_CONFIG,
          Aws.NO_VALUE,
        );
        const guarded = modelWithoutVpc(stack, 'VpcOnlyModel');
        guarded.vpcConfig = Fn.conditionIf(useVpc.logicalId, TEMPLATE_VPC_CONFIG, Aws.NO_VALUE);
        guarded.cfnOptions.condition = useVpc;
        Tags.of(modelWithoutVpc(stack, 'ExemptModel')).add('vpc-exempt', 'approved');
        modelWithVpcConfig(stack, 'VpcDeletedByOverride', {
          subnets: [SUBNET],
          securityGroupIds: [SECURITY_GROUP],
        }).addPropertyDeletionOverride('VpcConfig');
        modelWithVpcConfig(stack, 'SubnetsEmptiedByOverride', {
          subnets: [SUBNET],
          securityGroupIds: [SECURITY_GROUP],
        }).addPropertyOverride('VpcConfig.Subnets', []);
        modelWithoutVpc(stack, 'VpcOnlyByOverride').addPropertyOverride('VpcConfig', TEMPLATE_VPC_CONFIG);
      },
      { subnetIds: [SUBNET], exemptionTag: 'vpc-exempt=approved' },
    );
    annotations = Annotations.fromStack(stackOf(app));
  }, 30_000);

  const errorsOf = (id: string) => annotations.findError(`/ModelStack/${id}`, Match.anyValue());

  it('fails a model without VpcConfig with an error naming its construct path and the reason', () => {
    expect(errorsOf('PublicModel').map((annotation) => annotation.entry.data)).toEqual([
      'SageMaker model ModelStack/PublicModel is not confined to a VPC: VpcConfig is absent: the model is not in a VPC',
    ]);
  });

  it('passes a model in the subnets of a VPC of the same app (tokens count as present)', () => {
    expect(errorsOf('PrivateModel')).toEqual([]);
  });

  it('applies the allow-list to literal IDs', () => {
    expect(errorsOf('OtherSubnetModel').map((annotation) => annotation.entry.data)).toEqual([
      expect.stringContaining(`subnets not in the allow-list: ${OTHER_SUBNET}`),
    ]);
  });

  it('names a condition that can deploy the model without a VPC, unless the model exists only under it', () => {
    expect(errorsOf('SometimesPublicModel').map((annotation) => annotation.entry.data)).toEqual([
      expect.stringContaining('condition UseVpc can deploy the model without a VPC (when UseVpc=false)'),
    ]);
    expect(errorsOf('VpcOnlyModel')).toEqual([]);
  });

  it('exempts a model tagged with Tags.of(...), an Aspect that may run after this one', () => {
    expect(errorsOf('ExemptModel')).toEqual([]);
  });

  it('judges the template the model renders to, escape-hatch overrides included', () => {
    const messagesOf = (id: string) => errorsOf(id).map((annotation) => annotation.entry.data);
    expect(messagesOf('VpcDeletedByOverride')).toEqual([
      expect.stringContaining('VpcConfig is absent: the model is not in a VPC'),
    ]);
    expect(messagesOf('SubnetsEmptiedByOverride')).toEqual([
      expect.stringContaining('VpcConfig.Subnets is empty'),
    ]);
    expect(messagesOf('VpcOnlyByOverride')).toEqual([]);
  });

  it('reports a warning instead when asked to', () => {
    const app = appWithModels((stack) => modelWithoutVpc(stack, 'PublicModel'), { level: 'warning' });
    const stackAnnotations = Annotations.fromStack(stackOf(app));
    expect(stackAnnotations.findError('*', Match.anyValue())).toEqual([]);
    expect(
      stackAnnotations.findWarning('/ModelStack/PublicModel', Match.stringLikeRegexp('VpcConfig is absent')),
    ).toHaveLength(1);
  }, 30_000);

  it('validates its options with the rule parameter parser', () => {
    expect(() => new SageMakerModelVpcChecks({ subnetIds: ['default'] })).toThrow(InvalidRuleParameterError);
    expect(() => new SageMakerModelVpcChecks({ level: 'fatal' as 'error' })).toThrow(
      /level must be 'error' or 'warning'/,
    );
    expect(
      () => new SageMakerModelVpcChecks({ subnetIds: [SUBNET], requireNetworkIsolation: true }),
    ).not.toThrow();
  });
});
