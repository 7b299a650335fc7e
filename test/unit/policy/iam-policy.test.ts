import fc from 'fast-check';
import { evaluateModel } from '../../../evaluator/evaluate-model';
import {
  InvalidPolicyOptionError,
  MANAGED_POLICY_MAX_CHARACTERS,
  permissionsBoundaryPolicy,
  PolicyTooLargeError,
  policyText,
  preventivePolicy,
  SCP_MAX_BYTES,
  serviceControlPolicy,
  type PolicyDocument,
} from '../../../policy/iam-policy';
import {
  DEFAULT_RULE_PARAMETERS,
  InvalidRuleParameterError,
  parseRuleParameters,
  type RuleParameters,
} from '../../../evaluator/rule-parameters';
import { iamGrammarViolations, matchingDenies, type RequestContext } from '../../support/iam-policy';

const SUBNET = 'subnet-0a1b2c3d4e5f60718';
const SHORT_SUBNET = 'subnet-1a2b3c4d';
const SG = 'sg-0123456789abcdef0';
const BREAK_GLASS = 'arn:aws:iam::*:role/break-glass';
const STRICT = parseRuleParameters({
  subnetIds: `${SUBNET},${SHORT_SUBNET}`,
  securityGroupIds: SG,
  requireNetworkIsolation: 'true',
  exemptionTag: 'vpc-exempt=approved',
});

const inVpc = (overrides: RequestContext = {}): RequestContext => ({
  'sagemaker:VpcSubnets': [SUBNET],
  'sagemaker:VpcSecurityGroupIds': [SG],
  'sagemaker:NetworkIsolation': true,
  'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/data-scientist',
  ...overrides,
});

const hexId = (prefix: string) =>
  fc
    .oneof(fc.stringMatching(/^[0-9a-f]{8}$/), fc.stringMatching(/^[0-9a-f]{17}$/))
    .map((hex) => prefix + hex);
const valuesList = <T>(value: fc.Arbitrary<T>) => fc.array(value, { minLength: 1, maxLength: 4 });

describe('the service control policy', () => {
  it('is valid IAM policy grammar, minified, and names each way a request breaks the rule', () => {
    const text = policyText(serviceControlPolicy(STRICT, { exemptPrincipalArns: [BREAK_GLASS] }));
    expect(iamGrammarViolations(text)).toEqual([]);
    expect(text).not.toMatch(/\s/);
    expect((JSON.parse(text) as PolicyDocument).Statement.map((statement) => statement.Sid)).toEqual([
      'DenyModelWithoutSubnets',
      'DenyModelWithoutSecurityGroups',
      'DenySubnetsOutsideAllowList',
      'DenySecurityGroupsOutsideAllowList',
      'DenyModelWithoutNetworkIsolation',
    ]);
  });

  it('with the default parameters, checks presence and ID shape with IAM wildcards of 8 and 17 characters', () => {
    const policy = serviceControlPolicy(DEFAULT_RULE_PARAMETERS);
    expect(iamGrammarViolations(policyText(policy))).toEqual([]);
    expect(policy.Statement).toEqual([
      {
        Sid: 'DenyModelWithoutSubnets',
        Effect: 'Deny',
        Action: 'sagemaker:CreateModel',
        Resource: '*',
        Condition: { Null: { 'sagemaker:VpcSubnets': 'true' } },
      },
      {
        Sid: 'DenyModelWithoutSecurityGroups',
        Effect: 'Deny',
        Action: 'sagemaker:CreateModel',
        Resource: '*',
        Condition: { Null: { 'sagemaker:VpcSecurityGroupIds': 'true' } },
      },
      {
        Sid: 'DenyMalformedSubnets',
        Effect: 'Deny',
        Action: 'sagemaker:CreateModel',
        Resource: '*',
        Condition: {
          'ForAnyValue:StringNotLike': {
            'sagemaker:VpcSubnets': ['subnet-????????', 'subnet-?????????????????'],
          },
        },
      },
      {
        Sid: 'DenyMalformedSecurityGroups',
        Effect: 'Deny',
        Action: 'sagemaker:CreateModel',
        Resource: '*',
        Condition: {
          'ForAnyValue:StringNotLike': {
            'sagemaker:VpcSecurityGroupIds': ['sg-????????', 'sg-?????????????????'],
          },
        },
      },
    ]);
  });

  describe('denies exactly the requests the rule would judge NON_COMPLIANT', () => {
    it.each<[string, RequestContext, string[]]>([
      ['a model in an allowed VPC', inVpc(), []],
      ['a model without subnets', inVpc({ 'sagemaker:VpcSubnets': undefined }), ['DenyModelWithoutSubnets']],
      [
        'a model without security groups',
        inVpc({ 'sagemaker:VpcSecurityGroupIds': undefined }),
        ['DenyModelWithoutSecurityGroups'],
      ],
      [
        'a model without any VpcConfig',
        inVpc({ 'sagemaker:VpcSubnets': undefined, 'sagemaker:VpcSecurityGroupIds': undefined }),
        ['DenyModelWithoutSubnets', 'DenyModelWithoutSecurityGroups'],
      ],
      [
        'a subnet outside the allow-list among allowed ones',
        inVpc({ 'sagemaker:VpcSubnets': [SUBNET, 'subnet-99999999'] }),
        ['DenySubnetsOutsideAllowList'],
      ],
      [
        'a security group named default',
        inVpc({ 'sagemaker:VpcSecurityGroupIds': ['default'] }),
        ['DenySecurityGroupsOutsideAllowList'],
      ],
      [
        'network isolation off',
        inVpc({ 'sagemaker:NetworkIsolation': false }),
        ['DenyModelWithoutNetworkIsolation'],
      ],
      [
        'network isolation left out (SageMaker then turns it off)',
        inVpc({ 'sagemaker:NetworkIsolation': undefined }),
        ['DenyModelWithoutNetworkIsolation'],
      ],
      ['no VpcConfig, but the exemption tag', { 'aws:RequestTag/vpc-exempt': 'approved' }, []],
      [
        'no VpcConfig, and the exemption tag with another value',
        { 'aws:RequestTag/vpc-exempt': 'pending' },
        ['DenyModelWithoutSubnets', 'DenyModelWithoutSecurityGroups', 'DenyModelWithoutNetworkIsolation'],
      ],
      [
        'no VpcConfig, by an exempt principal',
        { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/break-glass' },
        [],
      ],
    ])('%s', (_case, request, denies) => {
      const policy = serviceControlPolicy(STRICT, { exemptPrincipalArns: [BREAK_GLASS] });
      expect(matchingDenies(policy, request)).toEqual(denies);
    });

    it('for any IDs, isolation and tags, as the evaluator judges (IDs of lowercase hex or not)', () => {
      // Malformed IDs of a length IAM can tell apart. One of the right length in other characters
      // (`sg-0A1B2C3D`) is what only the rule catches: its own test below says so.
      const id = (prefix: string, allowed: readonly string[]) =>
        fc.oneof(
          fc.constantFrom(...allowed),
          hexId(prefix),
          fc.constantFrom('default', '', `${prefix}0A1B2C3`, `${prefix}123`),
        );
      fc.assert(
        fc.property(
          fc.option(valuesList(id('subnet-', [SUBNET, SHORT_SUBNET])), { nil: undefined }),
          fc.option(valuesList(id('sg-', [SG])), { nil: undefined }),
          fc.option(fc.boolean(), { nil: undefined }),
          fc.option(fc.constantFrom('approved', 'pending'), { nil: undefined }),
          fc.constantFrom<RuleParameters>(
            STRICT,
            parseRuleParameters({ subnetIds: SUBNET, exemptionTag: 'vpc-exempt' }),
          ),
          (subnets, securityGroups, isolation, tag, parameters) => {
            const verdict = evaluateModel(
              {
                vpcConfig:
                  subnets === undefined && securityGroups === undefined
                    ? undefined
                    : { Subnets: subnets, SecurityGroupIds: securityGroups },
                enableNetworkIsolation: isolation ?? false,
                tags: tag === undefined ? {} : { 'vpc-exempt': tag },
              },
              parameters,
            );
            const denies = matchingDenies(serviceControlPolicy(parameters), {
              'sagemaker:VpcSubnets': subnets,
              'sagemaker:VpcSecurityGroupIds': securityGroups,
              'sagemaker:NetworkIsolation': isolation,
              'aws:RequestTag/vpc-exempt': tag,
            });
            expect(denies.length > 0).toBe(verdict.compliance === 'NON_COMPLIANT');
          },
        ),
      );
    });
  });

  describe('without allow-lists, checks the shape of IDs with wildcards', () => {
    const policy = serviceControlPolicy(DEFAULT_RULE_PARAMETERS);

    it('denies an ID whose length or prefix is wrong, as the evaluator does', () => {
      for (const subnet of [
        'default',
        'subnet-123',
        'subnet-0a1b2c3d4',
        'sg-0a1b2c3d',
        'subnet-0a1b2c3d4e5f607189',
      ])
        expect(matchingDenies(policy, inVpc({ 'sagemaker:VpcSubnets': [subnet] }))).toEqual([
          'DenyMalformedSubnets',
        ]);
    });

    it('lets through what only the rule catches: the right length, but not lowercase hex digits', () => {
      for (const subnet of ['subnet-0A1B2C3D', 'subnet-zzzzzzzz', 'subnet-0a1b-c3d']) {
        expect(
          evaluateModel(
            { vpcConfig: { Subnets: [subnet], SecurityGroupIds: [SG] } },
            DEFAULT_RULE_PARAMETERS,
          ),
        ).toMatchObject({ compliance: 'NON_COMPLIANT' });
        expect(matchingDenies(policy, inVpc({ 'sagemaker:VpcSubnets': [subnet] }))).toEqual([]);
      }
    });

    it('agrees with the evaluator on every well-formed ID', () => {
      fc.assert(
        fc.property(valuesList(hexId('subnet-')), valuesList(hexId('sg-')), (subnets, securityGroups) => {
          expect(
            matchingDenies(policy, {
              'sagemaker:VpcSubnets': subnets,
              'sagemaker:VpcSecurityGroupIds': securityGroups,
            }),
          ).toEqual([]);
        }),
      );
    });
  });

  it('exempts a tag key with any value when the exemption tag has no value', () => {
    const policy = serviceControlPolicy(parseRuleParameters({ exemptionTag: 'vpc-exempt' }));
    expect(matchingDenies(policy, { 'aws:RequestTag/vpc-exempt': 'anything' })).toEqual([]);
    expect(matchingDenies(policy, {})).toEqual(['DenyModelWithoutSubnets', 'DenyModelWithoutSecurityGroups']);
    expect(policy.Statement[0]?.Condition).toEqual({
      Null: { 'sagemaker:VpcSubnets': 'true', 'aws:RequestTag/vpc-exempt': 'true' },
    });
  });

  describe('an exemption tag with an empty value (key=)', () => {
    const EMPTY_VALUE_REFUSED = new InvalidPolicyOptionError(
      "the exemption tag 'vpc-exempt=' exempts only a model whose vpc-exempt tag is empty, and IAM documents " +
        'no empty condition value to match that with: give the tag a value (vpc-exempt=approved), or name ' +
        'the key alone (vpc-exempt) to exempt any value',
    );

    it('means, to the evaluator, exactly an empty value: no condition IAM documents says so', () => {
      const parameters = parseRuleParameters({ exemptionTag: 'vpc-exempt=' });
      const judged = (tags: Record<string, string>) => evaluateModel({ tags }, parameters).compliance;
      expect(judged({ 'vpc-exempt': '' })).toBe('NOT_APPLICABLE');
      // What `Null` would exempt too: the policy would let through a model the rule judges.
      expect(judged({ 'vpc-exempt': 'approved' })).toBe('NON_COMPLIANT');
    });

    it.each(['vpc-exempt=', 'vpc-exempt=  '])(
      'refuses %p in the SCP and the boundary, saying why and what to give instead',
      (exemptionTag) => {
        const parameters = parseRuleParameters({ exemptionTag });
        expect(() => serviceControlPolicy(parameters)).toThrow(EMPTY_VALUE_REFUSED);
        expect(() => permissionsBoundaryPolicy(parameters)).toThrow(EMPTY_VALUE_REFUSED);
      },
    );
  });

  it('writes a $ in the exemption tag value as ${$}, so IAM does not read it as a policy variable', () => {
    const policy = serviceControlPolicy(parseRuleParameters({ exemptionTag: 'vpc-exempt=${aws:username}' }));
    expect(policy.Statement[0]?.Condition?.StringNotEquals).toEqual({
      'aws:RequestTag/vpc-exempt': '${$}{aws:username}',
    });
  });

  it.each([
    'role/break-glass',
    'arn:aws:s3:::bucket',
    'arn:aws:iam::123456789012:role/${aws:username}',
    'arn:aws:iam::12:role/a b',
  ])('refuses the exempt principal %p, naming the expected form', (pattern) => {
    expect(() => serviceControlPolicy(DEFAULT_RULE_PARAMETERS, { exemptPrincipalArns: [pattern] })).toThrow(
      new InvalidPolicyOptionError(
        `exempt principal '${pattern}' is not an IAM principal ARN pattern such as arn:aws:iam::123456789012:role/break-glass (wildcards * and ? allowed)`,
      ),
    );
  });

  it.each(['arn:aws:iam::*:role/*', 'arn:aws:iam::123456789012:user/?*', 'arn:aws:iam::*:role//'])(
    'refuses the exempt principal %p, which matches every role or user and would exempt everyone',
    (pattern) => {
      expect(() => serviceControlPolicy(DEFAULT_RULE_PARAMETERS, { exemptPrincipalArns: [pattern] })).toThrow(
        new InvalidPolicyOptionError(
          `exempt principal '${pattern}' matches every role or user, which would exempt everyone: name them`,
        ),
      );
    },
  );

  it('refuses an exemption tag key that AWS would not accept as a tag key (in the parser every front end shares)', () => {
    expect(() => serviceControlPolicy(parseRuleParameters({ exemptionTag: 'vpc"exempt' }))).toThrow(
      InvalidRuleParameterError,
    );
  });

  describe('size', () => {
    const subnets = (count: number) =>
      Array.from({ length: count }, (_, index) => `subnet-${index.toString(16).padStart(17, '0')}`).join(',');

    it('fits the SCP limit with a large allow-list: 140 subnets and 3 exempt principals', () => {
      const text = policyText(
        serviceControlPolicy(parseRuleParameters({ subnetIds: subnets(140), securityGroupIds: SG }), {
          exemptPrincipalArns: Array.from({ length: 3 }, (_, index) => `arn:aws:iam::*:role/admin-${index}`),
        }),
      );
      expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(SCP_MAX_BYTES);
      expect(iamGrammarViolations(text)).toEqual([]);
    });

    it('refuses an SCP over 5,120 bytes, naming its size and the limit', () => {
      const parameters = parseRuleParameters({ subnetIds: subnets(200) });
      expect(() => serviceControlPolicy(parameters)).toThrow(PolicyTooLargeError);
      expect(() => serviceControlPolicy(parameters)).toThrow(
        /is \d{4} bytes, over the 5120 bytes AWS accepts/,
      );
    });

    it('counts bytes, not characters: a multi-byte tag value counts for more', () => {
      const value = 'é'.repeat(256);
      const text = policyText(serviceControlPolicy(parseRuleParameters({ exemptionTag: `k=${value}` })));
      expect(new TextEncoder().encode(text).length).toBeGreaterThan(text.length);
    });
  });
});

describe('the permissions boundary', () => {
  it('allows what identity policies grant and carries the same denies as the SCP', () => {
    const boundary = permissionsBoundaryPolicy(STRICT);
    expect(iamGrammarViolations(policyText(boundary))).toEqual([]);
    expect(boundary.Statement[0]).toEqual({
      Sid: 'AllowWhatIdentityPoliciesGrant',
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
    });
    expect(boundary.Statement.slice(1)).toEqual(serviceControlPolicy(STRICT).Statement);
  });

  it('refuses exempt principals: a boundary binds only the principals it is attached to', () => {
    expect(() => preventivePolicy('boundary', STRICT, { exemptPrincipalArns: [BREAK_GLASS] })).toThrow(
      /exempt principals apply only to the SCP/,
    );
  });

  it('refuses a boundary over the 6,144 characters of a managed policy', () => {
    const ids = Array.from({ length: 260 }, (_, index) => `subnet-${index.toString(16).padStart(17, '0')}`);
    expect(() => permissionsBoundaryPolicy(parseRuleParameters({ subnetIds: ids.join(',') }))).toThrow(
      new RegExp(`over the ${MANAGED_POLICY_MAX_CHARACTERS} characters of a managed policy`),
    );
  });
});

describe('the grammar check itself', () => {
  it.each<[string, unknown, RegExp]>([
    [
      'a Principal (SCPs have none)',
      { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' },
      /additional/,
    ],
    ['a Sid with a dash', { Sid: 'Deny-All', Effect: 'Deny', Action: 's3:*', Resource: '*' }, /pattern/],
    [
      'an unknown operator',
      { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringSorta: { 'aws:x': 'y' } } },
      /property name/,
    ],
    [
      'a Bool that is not true or false',
      { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:x': 'yes' } } },
      /allowed values/,
    ],
    [
      'an action without a service',
      { Effect: 'Deny', Action: 'CreateModel', Resource: '*' },
      /oneOf|pattern/,
    ],
  ])('catches %s', (_case, statement, problem) => {
    expect(
      iamGrammarViolations(JSON.stringify({ Version: '2012-10-17', Statement: [statement] })).join('\n'),
    ).toMatch(problem);
  });

  it('catches repeated Sids and a wrong version', () => {
    const statement = { Sid: 'A', Effect: 'Deny', Action: 's3:*', Resource: '*' };
    expect(
      iamGrammarViolations(JSON.stringify({ Version: '2008-10-17', Statement: [statement, statement] })),
    ).toEqual(['/Version must be equal to constant', '/Statement Sids are not unique']);
  });
});
