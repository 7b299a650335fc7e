import { App, CfnParameter, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { MaximumExecutionFrequency } from 'aws-cdk-lib/aws-config';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { InvalidRuleParameterError } from '../../../evaluator/rule-parameters';
import type { SageMakerModelVpcRuleParameters } from '../../../lib/rule-parameter-props';
import { SageMakerModelVpcChecks } from '../../../lib/sagemaker-model-vpc-checks';
import {
  SageMakerModelVpcRule,
  type SageMakerModelVpcRuleProps,
} from '../../../lib/sagemaker-model-vpc-rule';
import { appWithModels, modelWithoutVpc, modelWithVpcConfig } from '../../fixtures/cdk-apps/model-stack';
import { expectedSourceDetails, onlyLogicalId } from './synth';

const SUBNET = 'subnet-0123456789abcdef0';
const OTHER_SUBNET = 'subnet-89abcdef';
const SECURITY_GROUP = 'sg-0123456789abcdef0';

/** A stack in an app that skips bundling: the templates under test do not depend on it. */
function emptyStack(): Stack {
  return new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Stack');
}

function ruleTemplate(props: SageMakerModelVpcRuleProps): Template {
  const stack = emptyStack();
  new SageMakerModelVpcRule(stack, 'Rule', props);
  return Template.fromStack(stack);
}

describe('SageMakerModelVpcRule typed props', () => {
  it('turn lists, switches and the exemption tag into the InputParameters the Lambda reads', () => {
    ruleTemplate({
      subnetIds: [SUBNET, OTHER_SUBNET],
      securityGroupIds: [SECURITY_GROUP],
      requireNetworkIsolation: true,
      exemptionTag: { key: 'vpc-exempt', value: 'approved' },
    }).hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: Match.exact({
        subnetIds: `${SUBNET},${OTHER_SUBNET}`,
        securityGroupIds: SECURITY_GROUP,
        requireNetworkIsolation: 'true',
        exemptionTag: 'vpc-exempt=approved',
      }),
    });
  });

  it('take the exemption tag as a key alone, in either form, and a switch set to false as given', () => {
    for (const exemptionTag of ['vpc-exempt', { key: 'vpc-exempt' }]) {
      ruleTemplate({ exemptionTag, requireNetworkIsolation: false }).hasResourceProperties(
        'AWS::Config::ConfigRule',
        { InputParameters: Match.exact({ exemptionTag: 'vpc-exempt', requireNetworkIsolation: 'false' }) },
      );
    }
  });

  it('name the rule and set the sweep frequency with the aws-config enum', () => {
    ruleTemplate({
      configRuleName: 'models-in-vpc',
      maximumExecutionFrequency: MaximumExecutionFrequency.SIX_HOURS,
    }).hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'models-in-vpc',
      Source: { SourceDetails: expectedSourceDetails('Six_Hours') },
    });
  });

  it('pass subnets of a VPC in the same app on as tokens, which the Lambda checks when it runs', () => {
    const stack = emptyStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'models', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    new SageMakerModelVpcRule(stack, 'Rule', {
      subnetIds: [...vpc.isolatedSubnets.map((subnet) => subnet.subnetId), SUBNET],
    });
    const subnetRefs = Object.keys(Template.fromStack(stack).findResources('AWS::EC2::Subnet')).map((id) => ({
      Ref: id,
    }));
    expect(subnetRefs).toHaveLength(2);
    Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: { subnetIds: { 'Fn::Join': [',', [...subnetRefs, SUBNET]] } },
    });
  });

  it('pass a list parameter of the template on as one token', () => {
    const stack = emptyStack();
    const subnets = new CfnParameter(stack, 'ModelSubnets', { type: 'List<AWS::EC2::Subnet::Id>' });
    new SageMakerModelVpcRule(stack, 'Rule', { subnetIds: subnets.valueAsList });
    Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', {
      InputParameters: { subnetIds: { 'Fn::Join': [',', { Ref: 'ModelSubnets' }] } },
    });
  });

  it.each<[string, SageMakerModelVpcRuleProps, string | RegExp]>([
    [
      'an invalid literal ID',
      { subnetIds: ['subnet-XYZ'] },
      /^Invalid rule parameter subnetIds: 'subnet-XYZ'/,
    ],
    ['a security group among subnets', { subnetIds: [SECURITY_GROUP] }, /Invalid rule parameter subnetIds/],
    ['an empty entry', { securityGroupIds: [SECURITY_GROUP, ''] }, /securityGroupIds: entry 2 is empty/],
    ['an empty list', { subnetIds: [] }, 'subnetIds is an empty list, which would allow nothing'],
    ['a blank exemption tag', { exemptionTag: ' ' }, 'exemptionTag is empty'],
    [
      'a tag key the parameter cannot carry',
      { exemptionTag: { key: 'a=b' } },
      /cannot be written as the rule/,
    ],
    ['a tag key with outer spaces', { exemptionTag: { key: ' team' } }, /cannot be written as the rule/],
    ['an over-long tag key', { exemptionTag: { key: 'k'.repeat(129) } }, /longer than 128 characters/],
    ['a padded rule name', { configRuleName: 'rule ' }, "configRuleName 'rule ' must be 1 to 128 characters"],
  ])('stop synth on %s, naming the setting', (_case, props, message) => {
    expect(() => ruleTemplate(props)).toThrow(message);
  });

  it('check the literal IDs beside tokens', () => {
    const stack = emptyStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    expect(
      () =>
        new SageMakerModelVpcRule(stack, 'Rule', {
          subnetIds: [vpc.publicSubnets[0]!.subnetId, 'subnet-nothex12'],
        }),
    ).toThrow("Invalid rule parameter subnetIds: 'subnet-nothex12' is not");
  });
});

describe('SageMakerModelVpcRule.rule, an aws-config IRule, and its onComplianceChange()', () => {
  it('names the standalone rule, so that onComplianceChange() matches its compliance events', () => {
    const stack = emptyStack();
    const construct = new SageMakerModelVpcRule(stack, 'Rule');
    const topic = new sns.Topic(stack, 'Findings', { enforceSSL: true });
    construct.onComplianceChange('NonCompliant', {
      target: new targets.SnsTopic(topic),
      eventPattern: { detail: { newEvaluationResult: { complianceType: ['NON_COMPLIANT'] } } },
    });
    const template = Template.fromStack(stack);
    const configRuleId = onlyLogicalId(template, 'AWS::Config::ConfigRule');
    expect(stack.resolve(construct.rule!.configRuleName)).toEqual({ Ref: configRuleId });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.config'],
        'detail-type': ['Config Rules Compliance Change'],
        detail: {
          configRuleName: [{ Ref: configRuleId }],
          newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
        },
      },
      Targets: [Match.objectLike({ Arn: { Ref: onlyLogicalId(template, 'AWS::SNS::Topic') } })],
    });
  });

  it.each<SageMakerModelVpcRuleProps['deployAs']>(['conformancePack', 'functionOnly'])(
    'is unset with deployAs %s, where no rule of a known name exists',
    (deployAs) => {
      const construct = new SageMakerModelVpcRule(emptyStack(), 'Rule', { deployAs });
      expect(construct.rule).toBeUndefined();
      expect(construct.configRule).toBeUndefined();
      expect(() => construct.onComplianceChange('NonCompliant')).toThrow(
        'onComplianceChange() needs the standalone rule (deployAs: rule)',
      );
    },
  );
});

describe('one set of rule parameters for the rule and the Aspect', () => {
  const parameters: SageMakerModelVpcRuleParameters = {
    subnetIds: [SUBNET],
    securityGroupIds: [SECURITY_GROUP],
    exemptionTag: { key: 'vpc-exempt', value: 'approved' },
  };

  it('is taken by both, and the Aspect judges with it as the rule will', () => {
    expect(() => ruleTemplate(parameters)).not.toThrow();
    const app = appWithModels((stack) => {
      modelWithVpcConfig(stack, 'AllowedModel', { subnets: [SUBNET], securityGroupIds: [SECURITY_GROUP] });
      modelWithVpcConfig(stack, 'OtherSubnetModel', {
        subnets: [OTHER_SUBNET],
        securityGroupIds: [SECURITY_GROUP],
      });
      Tags.of(modelWithoutVpc(stack, 'ExemptModel')).add('vpc-exempt', 'approved');
    }, parameters);
    const errors = Annotations.fromStack(app.node.findChild('ModelStack') as Stack).findError(
      '*',
      Match.anyValue(),
    );
    expect(errors.map((error) => error.id)).toEqual(['/ModelStack/OtherSubnetModel']);
  }, 30_000);

  it('refuses tokens in the Aspect, which compares IDs before deployment', () => {
    const vpc = new ec2.Vpc(emptyStack(), 'Vpc', { maxAzs: 1, natGateways: 0 });
    expect(
      () => new SageMakerModelVpcChecks({ subnetIds: vpc.publicSubnets.map((subnet) => subnet.subnetId) }),
    ).toThrow('SageMakerModelVpcChecks: subnetIds holds a token, which resolves only at deployment');
  });

  it('validates both with the Lambda parser', () => {
    expect(() => new SageMakerModelVpcChecks({ securityGroupIds: ['sg-1'] })).toThrow(
      InvalidRuleParameterError,
    );
    expect(() => ruleTemplate({ securityGroupIds: ['sg-1'] })).toThrow(InvalidRuleParameterError);
  });
});
