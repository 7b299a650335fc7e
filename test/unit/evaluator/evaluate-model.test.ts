import fc from 'fast-check';
import { MAX_ANNOTATION_LENGTH } from '../../../evaluator/annotation';
import { evaluateModel } from '../../../evaluator/evaluate-model';
import { Unresolved, type ModelFacts } from '../../../evaluator/model-facts';
import {
  DEFAULT_RULE_PARAMETERS,
  parseRuleParameters,
  type RuleParameters,
} from '../../../evaluator/rule-parameters';

const SUBNET_A = 'subnet-0a1b2c3d4e5f60718';
const SUBNET_B = 'subnet-1a2b3c4d';
const SG = 'sg-0123456789abcdef0';
const inVpc = (Subnets: unknown = [SUBNET_A, SUBNET_B], SecurityGroupIds: unknown = [SG]): ModelFacts => ({
  vpcConfig: { Subnets, SecurityGroupIds },
});

describe('evaluateModel with default parameters', () => {
  it('is COMPLIANT with valid, non-empty subnets and security groups, and says what it saw', () => {
    const verdict = evaluateModel(inVpc(), DEFAULT_RULE_PARAMETERS);
    expect(verdict).toMatchObject({ compliance: 'COMPLIANT', reasons: [] });
    expect(verdict.annotation).toBe('VpcConfig has 2 subnets and 1 security group');
  });

  it.each<[string, ModelFacts, string]>([
    ['VpcConfig absent', {}, 'VpcConfig is absent'],
    ['VpcConfig null', { vpcConfig: null }, 'VpcConfig is absent'],
    ['VpcConfig not an object', { vpcConfig: 'vpc-123' }, 'VpcConfig is not an object'],
    ['VpcConfig an empty object', { vpcConfig: {} }, 'VpcConfig is empty: the model is not in a VPC'],
    ['Subnets absent', { vpcConfig: { SecurityGroupIds: [SG] } }, 'VpcConfig.Subnets is absent'],
    ['Subnets empty', inVpc([]), 'VpcConfig.Subnets is empty'],
    ['Subnets not a list', inVpc(SUBNET_A), 'VpcConfig.Subnets is not a list'],
    [
      'SecurityGroupIds absent',
      { vpcConfig: { Subnets: [SUBNET_A] } },
      'VpcConfig.SecurityGroupIds is absent',
    ],
    ['SecurityGroupIds empty', inVpc(undefined, []), 'VpcConfig.SecurityGroupIds is empty'],
    ['a subnet named default', inVpc(['default']), "invalid subnet IDs: 'default'"],
    ['an empty subnet ID', inVpc(['']), "invalid subnet IDs: ''"],
    ['uppercase hex', inVpc(['subnet-0A1B2C3D']), "invalid subnet IDs: 'subnet-0A1B2C3D'"],
    ['9 hex digits', inVpc(['subnet-0a1b2c3d4']), "invalid subnet IDs: 'subnet-0a1b2c3d4'"],
    ['a security group ID as subnet', inVpc([SG]), `invalid subnet IDs: '${SG}'`],
    [
      'a security group named default',
      inVpc(undefined, ['default']),
      "invalid security group IDs: 'default'",
    ],
    ['a non-string ID', inVpc([42]), 'invalid subnet IDs: (number)'],
    ['a null ID', inVpc(undefined, [null]), 'invalid security group IDs: (null)'],
  ])('is NON_COMPLIANT when %s', (_case, facts, reason) => {
    const verdict = evaluateModel(facts, DEFAULT_RULE_PARAMETERS);
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain(reason);
  });

  it('names every reason at once', () => {
    const verdict = evaluateModel(inVpc(['default'], []), DEFAULT_RULE_PARAMETERS);
    expect(verdict.reasons).toEqual([
      "VpcConfig.Subnets has invalid subnet IDs: 'default'",
      'VpcConfig.SecurityGroupIds is empty',
    ]);
  });

  it('ignores network isolation unless the parameter requires it', () => {
    expect(
      evaluateModel({ ...inVpc(), enableNetworkIsolation: false }, DEFAULT_RULE_PARAMETERS).compliance,
    ).toBe('COMPLIANT');
  });
});

describe('evaluateModel with rule parameters', () => {
  const withParameters = (raw: Record<string, string>): RuleParameters => parseRuleParameters(raw);

  it('rejects subnets outside the allow-list and names them', () => {
    const verdict = evaluateModel(inVpc(), withParameters({ subnetIds: SUBNET_A }));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.reasons).toEqual([`subnets not in the allow-list: ${SUBNET_B}`]);
  });

  it('accepts a model whose subnets and security groups are all allowed', () => {
    const parameters = withParameters({ subnetIds: `${SUBNET_B} , ${SUBNET_A}`, securityGroupIds: SG });
    expect(evaluateModel(inVpc(), parameters).compliance).toBe('COMPLIANT');
  });

  it('rejects security groups outside the allow-list', () => {
    const verdict = evaluateModel(inVpc(), withParameters({ securityGroupIds: 'sg-11111111' }));
    expect(verdict.reasons).toEqual([`security groups not in the allow-list: ${SG}`]);
  });

  it('requires EnableNetworkIsolation when requireNetworkIsolation is true', () => {
    const parameters = withParameters({ requireNetworkIsolation: 'true' });
    expect(evaluateModel({ ...inVpc(), enableNetworkIsolation: false }, parameters).reasons).toEqual([
      'EnableNetworkIsolation is not true (required by requireNetworkIsolation)',
    ]);
    expect(evaluateModel(inVpc(), parameters).compliance).toBe('NON_COMPLIANT');
    const isolated = evaluateModel({ ...inVpc(), enableNetworkIsolation: true }, parameters);
    expect(isolated.compliance).toBe('COMPLIANT');
    expect(isolated.annotation).toContain('network isolation on');
  });

  it('exempts a model carrying the exemption tag key, whatever its value', () => {
    const verdict = evaluateModel(
      { tags: { 'vpc-exempt': 'SEC-1234' } },
      withParameters({ exemptionTag: 'vpc-exempt' }),
    );
    expect(verdict).toMatchObject({ compliance: 'NOT_APPLICABLE', annotation: 'Exempted by tag vpc-exempt' });
  });

  it('exempts on key=value only when the value matches', () => {
    const parameters = withParameters({ exemptionTag: 'vpc-exempt=true' });
    expect(evaluateModel({ tags: { 'vpc-exempt': 'true' } }, parameters).compliance).toBe('NOT_APPLICABLE');
    expect(evaluateModel({ tags: { 'vpc-exempt': 'false' } }, parameters).compliance).toBe('NON_COMPLIANT');
    expect(evaluateModel({ tags: {} }, parameters).compliance).toBe('NON_COMPLIANT');
  });

  it('does not exempt through inherited properties of the tags object', () => {
    const verdict = evaluateModel({ tags: {} }, withParameters({ exemptionTag: 'toString' }));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });
});

describe('evaluateModel with values only known at deploy time', () => {
  it('counts an unresolved list as present and says it was not checked', () => {
    const facts = inVpc(new Unresolved('Ref PrivateSubnets'), [new Unresolved('Fn::GetAtt ModelSg.GroupId')]);
    const verdict = evaluateModel(facts, DEFAULT_RULE_PARAMETERS);
    expect(verdict.compliance).toBe('COMPLIANT');
    expect(verdict.unchecked).toEqual([
      'VpcConfig.Subnets is Ref PrivateSubnets',
      'a security group is Fn::GetAtt ModelSg.GroupId',
    ]);
    expect(verdict.annotation).toContain('not checked statically');
  });

  it('still rejects literal problems next to unresolved values', () => {
    const verdict = evaluateModel(inVpc([new Unresolved('Ref A'), 'default']), DEFAULT_RULE_PARAMETERS);
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });
});

describe('evaluateModel properties', () => {
  const subnetId = fc.oneof(
    fc.stringMatching(/^subnet-[0-9a-f]{8}$/),
    fc.stringMatching(/^subnet-[0-9a-f]{17}$/),
  );
  const securityGroupId = fc.oneof(
    fc.stringMatching(/^sg-[0-9a-f]{8}$/),
    fc.stringMatching(/^sg-[0-9a-f]{17}$/),
  );
  const anyValue = fc.anything({
    withNullPrototype: true,
    withBoxedValues: true,
    withMap: true,
    withSet: true,
  });
  const idList = (valid: fc.Arbitrary<string>) =>
    fc.oneof(
      fc.array(valid, { maxLength: 16 }),
      fc.array(fc.oneof(valid, fc.string(), anyValue), { maxLength: 5 }),
      anyValue,
    );
  const facts = fc.record(
    {
      vpcConfig: fc.oneof(
        fc.record(
          { Subnets: idList(subnetId), SecurityGroupIds: idList(securityGroupId) },
          { requiredKeys: [] },
        ),
        anyValue,
      ),
      enableNetworkIsolation: fc.oneof(fc.boolean(), anyValue),
      tags: fc.dictionary(fc.constantFrom('vpc-exempt', 'team', 'env'), fc.constantFrom('true', 'false', '')),
    },
    { requiredKeys: [] },
  );
  const allowList = (valid: fc.Arbitrary<string>) =>
    fc.option(fc.uniqueArray(valid, { minLength: 1, maxLength: 4 }), { nil: undefined });
  const parameters = fc.record({
    subnetIds: allowList(subnetId),
    securityGroupIds: allowList(securityGroupId),
    requireNetworkIsolation: fc.boolean(),
    exemptionTag: fc.option(fc.constantFrom('vpc-exempt', 'vpc-exempt=true', 'team=ml'), { nil: undefined }),
  });
  type RawParameters = typeof parameters extends fc.Arbitrary<infer T> ? T : never;
  const toRuleParameters = (p: RawParameters) =>
    parseRuleParameters({
      ...(p.subnetIds && { subnetIds: p.subnetIds.join(',') }),
      ...(p.securityGroupIds && { securityGroupIds: p.securityGroupIds.join(', ') }),
      requireNetworkIsolation: String(p.requireNetworkIsolation),
      ...(p.exemptionTag && { exemptionTag: p.exemptionTag }),
    });

  it('never throws and always gives an annotation Config accepts', () => {
    fc.assert(
      fc.property(facts, parameters, (modelFacts, raw) => {
        const verdict = evaluateModel(modelFacts, toRuleParameters(raw));
        expect(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']).toContain(verdict.compliance);
        expect(verdict.annotation.length).toBeGreaterThan(0);
        expect(verdict.annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
      }),
      { numRuns: 2000 },
    );
  });

  it('is COMPLIANT exactly when every condition holds', () => {
    fc.assert(
      fc.property(facts, parameters, (modelFacts, raw) => {
        const ruleParameters = toRuleParameters(raw);
        const verdict = evaluateModel(modelFacts, ruleParameters);
        if (verdict.compliance === 'NOT_APPLICABLE') return;
        const vpc = modelFacts.vpcConfig as
          { Subnets?: unknown; SecurityGroupIds?: unknown } | null | undefined;
        const listOk = (list: unknown, pattern: RegExp, allowed?: readonly string[]) =>
          Array.isArray(list) &&
          list.length > 0 &&
          list.every(
            (id) => typeof id === 'string' && pattern.test(id) && (!allowed || allowed.includes(id)),
          );
        const expected =
          typeof vpc === 'object' &&
          vpc !== null &&
          !Array.isArray(vpc) &&
          listOk(vpc.Subnets, /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, raw.subnetIds) &&
          listOk(vpc.SecurityGroupIds, /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/, raw.securityGroupIds) &&
          (!raw.requireNetworkIsolation || modelFacts.enableNetworkIsolation === true);
        expect(verdict.compliance).toBe(expected ? 'COMPLIANT' : 'NON_COMPLIANT');
        expect(verdict.reasons.length > 0).toBe(!expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('is NOT_APPLICABLE exactly when the exemption tag matches', () => {
    fc.assert(
      fc.property(facts, parameters, (modelFacts, raw) => {
        const verdict = evaluateModel(modelFacts, toRuleParameters(raw));
        const tags = (modelFacts.tags ?? {}) as Record<string, string>;
        const [key, value] = (raw.exemptionTag ?? '').split('=');
        const exempt =
          raw.exemptionTag !== undefined && key! in tags && (value === undefined || tags[key!] === value);
        expect(verdict.compliance === 'NOT_APPLICABLE').toBe(exempt);
      }),
      { numRuns: 1000 },
    );
  });
});
