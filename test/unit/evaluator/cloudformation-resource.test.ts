import {
  evaluateModelProperties,
  modelFactsVariantsFromProperties,
  TemplateShapeError,
} from '../../../evaluator/adapters/cloudformation-resource';
import { Unresolved } from '../../../evaluator/model-facts';
import { DEFAULT_RULE_PARAMETERS, parseRuleParameters } from '../../../evaluator/rule-parameters';

const SUBNET = 'subnet-0123456789abcdef0';
const OTHER_SUBNET = 'subnet-0fedcba9876543210';
const SECURITY_GROUP = 'sg-0123456789abcdef0';
const VPC_CONFIG = { Subnets: [SUBNET], SecurityGroupIds: [SECURITY_GROUP] };
const NO_VALUE = { Ref: 'AWS::NoValue' };

const judge = (properties: unknown, parameters = DEFAULT_RULE_PARAMETERS, known = {}) =>
  evaluateModelProperties(properties, parameters, known);

describe('modelFactsVariantsFromProperties', () => {
  it('maps intrinsics to Unresolved values that name them', () => {
    const [variant] = modelFactsVariantsFromProperties({
      VpcConfig: {
        Subnets: [{ Ref: 'PrivateSubnet' }, { 'Fn::GetAtt': ['Network', 'SubnetId'] }, SUBNET],
        SecurityGroupIds: { 'Fn::Split': [',', { 'Fn::ImportValue': 'sgs' }] },
      },
      EnableNetworkIsolation: { 'Fn::ImportValue': 'isolation' },
    });
    expect(variant?.conditions).toEqual([]);
    const vpcConfig = variant?.facts.vpcConfig as { Subnets: unknown[]; SecurityGroupIds: unknown };
    expect(vpcConfig.Subnets).toEqual([
      new Unresolved('Ref PrivateSubnet'),
      new Unresolved('Fn::GetAtt Network.SubnetId'),
      SUBNET,
    ]);
    expect(vpcConfig.SecurityGroupIds).toEqual(new Unresolved('Fn::Split [",",{"Fn::ImportValue":"sgs"}]'));
    expect(variant?.facts.enableNetworkIsolation).toEqual(new Unresolved('Fn::ImportValue isolation'));
  });

  it('takes dynamic references as values resolved at deploy time, like Ref, wherever they appear', () => {
    const [variant] = modelFactsVariantsFromProperties({
      VpcConfig: {
        Subnets: ['{{resolve:ssm:/network/private-subnet-a}}', SUBNET],
        SecurityGroupIds: '{{resolve:ssm:/network/model-security-groups:3}}',
      },
      EnableNetworkIsolation: '{{resolve:ssm-secure:isolation}}',
      Tags: [{ Key: 'vpc-exempt', Value: '{{resolve:secretsmanager:exemptions:SecretString:model}}' }],
    });
    const vpcConfig = variant?.facts.vpcConfig as { Subnets: unknown[]; SecurityGroupIds: unknown };
    expect(vpcConfig.Subnets).toEqual([
      new Unresolved('dynamic reference {{resolve:ssm:/network/private-subnet-a}}'),
      SUBNET,
    ]);
    expect(vpcConfig.SecurityGroupIds).toEqual(
      new Unresolved('dynamic reference {{resolve:ssm:/network/model-security-groups:3}}'),
    );
    expect(variant?.facts.enableNetworkIsolation).toEqual(
      new Unresolved('dynamic reference {{resolve:ssm-secure:isolation}}'),
    );
    expect(variant?.facts.tags).toEqual({});
  });

  it('judges a dynamic reference as unchecked, not as an invalid ID, even inside a longer string', () => {
    const verdict = judge(
      {
        VpcConfig: {
          Subnets: ['subnet-{{resolve:ssm:/network/subnet-suffix}}'],
          SecurityGroupIds: ['{{resolve:secretsmanager:network:SecretString:sg}}'],
        },
        EnableNetworkIsolation: '{{resolve:ssm:/models/isolated}}',
      },
      parseRuleParameters({ requireNetworkIsolation: 'true' }),
    );
    expect(verdict).toMatchObject({ compliance: 'COMPLIANT', reasons: [] });
    expect(verdict.unchecked).toEqual([
      'a subnet is dynamic reference subnet-{{resolve:ssm:/network/subnet-suffix}}',
      'a security group is dynamic reference {{resolve:secretsmanager:network:SecretString:sg}}',
      'EnableNetworkIsolation is dynamic reference {{resolve:ssm:/models/isolated}}',
    ]);
  });

  it('still judges a string that only looks like a dynamic reference as a literal ID', () => {
    const verdict = judge({
      VpcConfig: { Subnets: ['{{resolve:s3:bucket}}'], SecurityGroupIds: [SECURITY_GROUP] },
    });
    expect(verdict).toMatchObject({
      compliance: 'NON_COMPLIANT',
      reasons: ["VpcConfig.Subnets has invalid subnet IDs: '{{resolve:s3:bucket}}'"],
    });
  });

  it('never carries container settings into the facts', () => {
    const properties = {
      PrimaryContainer: { Environment: { TOKEN: 'secret-value' } },
      VpcConfig: VPC_CONFIG,
    };
    expect(JSON.stringify(modelFactsVariantsFromProperties(properties))).not.toContain('secret-value');
  });

  it('gives one variant per branch of each condition the network settings depend on', () => {
    const variants = modelFactsVariantsFromProperties({
      VpcConfig: { 'Fn::If': ['UseVpc', VPC_CONFIG, NO_VALUE] },
      EnableNetworkIsolation: { 'Fn::If': ['Isolate', true, false] },
      PrimaryContainer: { Image: { 'Fn::If': ['Irrelevant', 'a', 'b'] } },
    });
    expect(variants.map((variant) => variant.conditions)).toEqual([
      [
        { name: 'UseVpc', value: true },
        { name: 'Isolate', value: true },
      ],
      [
        { name: 'UseVpc', value: false },
        { name: 'Isolate', value: true },
      ],
      [
        { name: 'UseVpc', value: true },
        { name: 'Isolate', value: false },
      ],
      [
        { name: 'UseVpc', value: false },
        { name: 'Isolate', value: false },
      ],
    ]);
    expect(variants[1]?.facts.vpcConfig).toBeUndefined();
  });

  it('takes only the true branch of a condition known to hold', () => {
    const variants = modelFactsVariantsFromProperties(
      { VpcConfig: { 'Fn::If': ['UseVpc', VPC_CONFIG, NO_VALUE] } },
      { UseVpc: true },
    );
    expect(variants).toEqual([{ conditions: [], facts: expect.objectContaining({ vpcConfig: VPC_CONFIG }) }]);
  });

  it('reads JSON-style "true"/"false" strings as the booleans CloudFormation makes of them', () => {
    expect(
      modelFactsVariantsFromProperties({ EnableNetworkIsolation: 'True' })[0]?.facts.enableNetworkIsolation,
    ).toBe(true);
    expect(
      modelFactsVariantsFromProperties({ EnableNetworkIsolation: 'false' })[0]?.facts.enableNetworkIsolation,
    ).toBe(false);
  });

  it('keeps only literal tags', () => {
    const [variant] = modelFactsVariantsFromProperties({
      Tags: [
        { Key: 'team', Value: 'ml' },
        { Key: 'owner', Value: { Ref: 'Owner' } },
      ],
    });
    expect(variant?.facts.tags).toEqual({ team: 'ml' });
  });

  it('rejects a malformed Fn::If and templates with too many conditions to enumerate', () => {
    expect(() =>
      modelFactsVariantsFromProperties({ VpcConfig: { 'Fn::If': ['OnlyTwo', VPC_CONFIG] } }),
    ).toThrow(new TemplateShapeError('Fn::If needs [condition name, value if true, value if false]'));
    const subnets = Array.from({ length: 9 }, (_, index) => ({ 'Fn::If': [`C${index}`, SUBNET, NO_VALUE] }));
    expect(() => modelFactsVariantsFromProperties({ VpcConfig: { Subnets: subnets } })).toThrow(
      /depend on 9 conditions; at most 8/,
    );
  });
});

describe('evaluateModelProperties', () => {
  it('judges a model without conditions exactly as the evaluator does', () => {
    expect(judge({ VpcConfig: VPC_CONFIG })).toMatchObject({
      compliance: 'COMPLIANT',
      reasons: [],
      unchecked: [],
    });
    expect(judge({})).toMatchObject({
      compliance: 'NON_COMPLIANT',
      reasons: ['VpcConfig is absent: the model is not in a VPC'],
    });
    expect(judge(undefined).compliance).toBe('NON_COMPLIANT');
  });

  it('counts intrinsic values as present and lists them as unchecked', () => {
    const verdict = judge({
      VpcConfig: { Subnets: { Ref: 'Subnets' }, SecurityGroupIds: [{ Ref: 'Group' }] },
    });
    expect(verdict.compliance).toBe('COMPLIANT');
    expect(verdict.unchecked).toEqual(['VpcConfig.Subnets is Ref Subnets', 'a security group is Ref Group']);
  });

  it('names the condition that can deploy the model without a VPC', () => {
    const verdict = judge({ VpcConfig: { 'Fn::If': ['UseVpc', VPC_CONFIG, NO_VALUE] } });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.reasons).toEqual([
      'condition UseVpc can deploy the model without a VPC (when UseVpc=false)',
      'when UseVpc=false: VpcConfig is absent: the model is not in a VPC',
    ]);
  });

  it('finds a conditional subnet that can leave the Subnets list empty', () => {
    const verdict = judge({
      VpcConfig: {
        Subnets: [{ 'Fn::If': ['HasSubnet', SUBNET, NO_VALUE] }],
        SecurityGroupIds: [SECURITY_GROUP],
      },
    });
    expect(verdict.reasons).toEqual([
      'condition HasSubnet can deploy the model without a VPC (when HasSubnet=false)',
      'when HasSubnet=false: VpcConfig.Subnets is empty',
    ]);
  });

  it('passes an Fn::If whose branches are both valid VPC settings, and says both were checked', () => {
    const other = { Subnets: [OTHER_SUBNET], SecurityGroupIds: [SECURITY_GROUP] };
    const verdict = judge({ VpcConfig: { 'Fn::If': ['IsProd', VPC_CONFIG, other] } });
    expect(verdict.compliance).toBe('COMPLIANT');
    expect(verdict.annotation).toMatch(
      /^every branch of condition IsProd checked; VpcConfig has 1 subnet and 1 security group/,
    );
  });

  it('fails when one branch breaks the allow-list, naming the branch, without claiming a missing VPC', () => {
    const parameters = parseRuleParameters({ subnetIds: SUBNET });
    const other = { Subnets: [OTHER_SUBNET], SecurityGroupIds: [SECURITY_GROUP] };
    const verdict = judge({ VpcConfig: { 'Fn::If': ['IsProd', VPC_CONFIG, other] } }, parameters);
    expect(verdict.reasons).toEqual([`when IsProd=false: subnets not in the allow-list: ${OTHER_SUBNET}`]);
  });

  it('does not suspect a branch that cannot exist because the resource has the same Condition', () => {
    const verdict = judge(
      { VpcConfig: { 'Fn::If': ['UseVpc', VPC_CONFIG, NO_VALUE] } },
      DEFAULT_RULE_PARAMETERS,
      { UseVpc: true },
    );
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('judges both branches of an Fn::If over the whole Properties', () => {
    const verdict = judge({ 'Fn::If': ['UseVpc', { VpcConfig: VPC_CONFIG }, { ExecutionRoleArn: 'arn' }] });
    expect(verdict.reasons).toContain(
      'condition UseVpc can deploy the model without a VPC (when UseVpc=false)',
    );
  });

  it('treats any other intrinsic over the whole Properties as unchecked, without showing its arguments', () => {
    const verdict = judge({
      'Fn::Transform': { Name: 'Macro', Parameters: { Environment: 'secret-value' } },
    });
    expect(verdict.compliance).toBe('COMPLIANT');
    expect(verdict.unchecked).toEqual(['VpcConfig is computed by Fn::Transform (all Properties)']);
    expect(JSON.stringify(verdict)).not.toContain('secret-value');
  });

  it('treats a VpcConfig computed as a whole as unchecked, not as an empty VpcConfig', () => {
    const verdict = judge({ VpcConfig: { 'Fn::GetAtt': ['Network', 'ModelVpcConfig'] } });
    expect(verdict).toMatchObject({
      compliance: 'COMPLIANT',
      unchecked: ['VpcConfig is Fn::GetAtt Network.ModelVpcConfig'],
    });
  });

  it('exempts by a literal tag only', () => {
    const parameters = parseRuleParameters({ exemptionTag: 'vpc-exempt=approved' });
    expect(judge({ Tags: [{ Key: 'vpc-exempt', Value: 'approved' }] }, parameters).compliance).toBe(
      'NOT_APPLICABLE',
    );
    expect(judge({ Tags: [{ Key: 'vpc-exempt', Value: { Ref: 'Approval' } }] }, parameters).compliance).toBe(
      'NON_COMPLIANT',
    );
  });
});
