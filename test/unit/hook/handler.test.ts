import { createHookHandler, type HookResponse, logger } from '../../../hook/handler';
import type { HookSettings } from '../../../hook/settings';
import { DEFAULT_RULE_PARAMETERS, parseRuleParameters } from '../../../evaluator/rule-parameters';
import { captureOutput } from '../../support/fake-aws';
import { loadFixture } from '../../support/fixtures';

const TOKEN = 'f8da6d11-b23f-48f4-814c-0fb6a667f50e';
const SUBNET = 'subnet-0a1b2c3d4e5f60718';
const SG = 'sg-0123456789abcdef0';
const SECRET = 'sk-live-hook-do-not-log-77d1';

const IN_VPC = {
  ModelName: 'fraud-scoring',
  ExecutionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
  PrimaryContainer: { Image: 'image', Environment: { API_KEY: SECRET } },
  VpcConfig: { Subnets: [SUBNET], SecurityGroupIds: [SG] },
};

/**
 * A resource operation request field by field as the Hooks User Guide documents it ("Lambda Hook
 * resource input syntax" and its example), for a SageMaker model in a stack.
 */
function stackRequest(resourceProperties: unknown, overrides: Record<string, unknown> = {}) {
  return {
    clientRequestToken: TOKEN,
    awsAccountId: '123456789012',
    stackId:
      'arn:aws:cloudformation:us-west-2:123456789012:stack/MyStack/1a2345b6-0000-00a0-a123-00abc0abc000',
    changeSetId: null,
    hookTypeName: 'Private::SageMakerModelVpc::Hook',
    hookTypeVersion: '00000008',
    hookModel: { LambdaFunction: 'arn:aws:lambda:us-west-2:123456789012:function:MyFunction' },
    actionInvocationPoint: 'CREATE_PRE_PROVISION',
    requestData: {
      targetName: 'AWS::SageMaker::Model',
      targetType: 'AWS::SageMaker::Model',
      targetLogicalId: 'FraudScoringModel',
      targetModel: { resourceProperties, previousResourceProperties: {} },
    },
    requestContext: { invocation: 1, callbackContext: null },
    ...overrides,
  };
}

/** The same through the Cloud Control API: no stack, targetType RESOURCE, a constructed logical ID. */
function cloudControlRequest(resourceProperties: unknown, previousResourceProperties: unknown = {}) {
  return stackRequest(resourceProperties, {
    stackId: '',
    actionInvocationPoint: 'UPDATE_PRE_PROVISION',
    requestData: {
      targetName: 'AWS::SageMaker::Model',
      targetType: 'RESOURCE',
      targetLogicalId: 'aa0f1c4e-6c7b-4d59-9a5e-2a6b2f2d10c1',
      targetModel: { resourceProperties, previousResourceProperties },
    },
  });
}

const settings = (overrides: Partial<HookSettings> = {}): HookSettings => ({
  failureMode: 'WARN',
  parameters: DEFAULT_RULE_PARAMETERS,
  ...overrides,
});
const judge = (event: unknown, hookSettings: Parameters<typeof createHookHandler>[0] = settings()) =>
  createHookHandler(hookSettings)(event);

describe('the hook judges a SageMaker model before CloudFormation creates it', () => {
  it('lets a model in a VPC through, with the annotation as the message', async () => {
    expect(await judge(stackRequest(IN_VPC))).toEqual({
      hookStatus: 'SUCCESS',
      message: 'VpcConfig has 1 subnet and 1 security group',
      clientRequestToken: TOKEN,
      annotations: [
        {
          annotationName: 'SageMakerModelInVpc',
          status: 'PASSED',
          statusMessage: 'VpcConfig has 1 subnet and 1 security group',
        },
      ],
    });
  });

  it('stops a model without VpcConfig: FAILED, NonCompliant, the annotation as the message', async () => {
    const { VpcConfig: _, ...withoutVpc } = IN_VPC;
    const response = await judge(stackRequest(withoutVpc));
    expect(response).toMatchObject({
      hookStatus: 'FAILED',
      errorCode: 'NonCompliant',
      message: 'VpcConfig is absent: the model is not in a VPC',
      clientRequestToken: TOKEN,
    });
    expect(response.annotations).toEqual([
      expect.objectContaining({
        status: 'FAILED',
        severityLevel: 'HIGH',
        remediationMessage: expect.any(String),
      }),
    ]);
  });

  it.each<[string, unknown, string]>([
    [
      'empty lists',
      { Subnets: [], SecurityGroupIds: [] },
      'VpcConfig.Subnets is empty; VpcConfig.SecurityGroupIds is empty',
    ],
    [
      'a security group named default',
      { Subnets: [SUBNET], SecurityGroupIds: ['default'] },
      "invalid security group IDs: 'default'",
    ],
    [
      'uppercase hex digits',
      { Subnets: ['subnet-0A1B2C3D'], SecurityGroupIds: [SG] },
      "invalid subnet IDs: 'subnet-0A1B2C3D'",
    ],
  ])('stops a model with %s, as the rule would judge it', async (_case, VpcConfig, reason) => {
    const response = await judge(stackRequest({ ...IN_VPC, VpcConfig }));
    expect(response.hookStatus).toBe('FAILED');
    expect(response.message).toContain(reason);
  });

  it('applies the allow-lists to an update through the Cloud Control API', async () => {
    const parameters = parseRuleParameters({ subnetIds: SUBNET });
    const outside = { ...IN_VPC, VpcConfig: { Subnets: ['subnet-99999999'], SecurityGroupIds: [SG] } };
    expect(await judge(cloudControlRequest(outside, IN_VPC), settings({ parameters }))).toMatchObject({
      hookStatus: 'FAILED',
      errorCode: 'NonCompliant',
      message: 'subnets not in the allow-list: subnet-99999999',
    });
    expect(await judge(cloudControlRequest(IN_VPC), settings({ parameters }))).toMatchObject({
      hookStatus: 'SUCCESS',
    });
  });

  it.each<[unknown, HookResponse['hookStatus']]>([
    ['true', 'SUCCESS'],
    [true, 'SUCCESS'],
    ['false', 'FAILED'],
    [undefined, 'FAILED'],
  ])('reads EnableNetworkIsolation %p as CloudFormation passes it (strings too)', async (value, status) => {
    const parameters = parseRuleParameters({ requireNetworkIsolation: 'true' });
    const response = await judge(
      stackRequest({ ...IN_VPC, EnableNetworkIsolation: value }),
      settings({ parameters }),
    );
    expect(response.hookStatus).toBe(status);
  });

  it('honours the exemption tag in the resolved Tags', async () => {
    const parameters = parseRuleParameters({ exemptionTag: 'vpc-exempt=approved' });
    const exempt = { ModelName: 'sandbox', Tags: [{ Key: 'vpc-exempt', Value: 'approved' }] };
    expect(await judge(stackRequest(exempt), settings({ parameters }))).toMatchObject({
      hookStatus: 'SUCCESS',
      message: 'Exempted by tag vpc-exempt=approved',
      annotations: [expect.objectContaining({ status: 'SKIPPED' })],
    });
    const wrongValue = { ...exempt, Tags: [{ Key: 'vpc-exempt', Value: 'pending' }] };
    expect(await judge(stackRequest(wrongValue), settings({ parameters }))).toMatchObject({
      hookStatus: 'FAILED',
    });
  });

  it('does not judge a delete', async () => {
    const request = stackRequest(undefined, { actionInvocationPoint: 'DELETE_PRE_PROVISION' });
    expect(await judge(request)).toEqual({
      hookStatus: 'SUCCESS',
      message: 'Deleting a model is not judged',
      clientRequestToken: TOKEN,
    });
  });

  it('reads the token as the guide also spells it, clientRequesttoken', async () => {
    const { clientRequestToken: _, ...rest } = stackRequest(IN_VPC);
    expect(await judge({ ...rest, clientRequesttoken: TOKEN })).toMatchObject({
      hookStatus: 'SUCCESS',
      clientRequestToken: TOKEN,
    });
  });

  it.each<[string, unknown]>([
    ['an empty token', ''],
    ['a token that is not a string', 42],
  ])('judges a request with %s, and answers without one', async (_case, token) => {
    const request = stackRequest({ ModelName: 'no-vpc' }, { clientRequestToken: token });
    const response = await judge(request, settings({ failureMode: 'FAIL' }));
    expect(response).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant' });
    expect(response).not.toHaveProperty('clientRequestToken');
  });
});

/**
 * The example requests of the Hooks User Guide ("Create Lambda functions to evaluate resources for Lambda
 * Hooks"), verbatim in test/fixtures/hook-requests. Its resource example carries no token, as its resource
 * input syntax lists none.
 */
describe("the Hooks User Guide's own example requests", () => {
  type GuideRequest = { requestData: Record<string, unknown> } & Record<string, unknown>;
  const guideRequest = (name: string) => loadFixture<GuideRequest>(`hook-requests/${name}`);
  /** The guide's resource example with a SageMaker model where its table stands. */
  const guideModelRequest = (resourceProperties: unknown) => {
    const request = guideRequest('guide-resource-change');
    return {
      ...request,
      requestData: {
        ...request.requestData,
        targetName: 'AWS::SageMaker::Model',
        targetType: 'AWS::SageMaker::Model',
        targetModel: { resourceProperties, previousResourceProperties: {} },
      },
    };
  };

  it.each(['FAIL', 'WARN'] as const)(
    'judges a model in the resource example, which has no token, and answers without one (%s)',
    async (failureMode) => {
      const { VpcConfig: _, ...withoutVpc } = IN_VPC;
      const stopped = await judge(guideModelRequest(withoutVpc), settings({ failureMode }));
      expect(stopped).toMatchObject({
        hookStatus: 'FAILED',
        errorCode: 'NonCompliant',
        message: 'VpcConfig is absent: the model is not in a VPC',
      });
      expect(stopped).not.toHaveProperty('clientRequestToken');
      const passed = await judge(guideModelRequest(IN_VPC), settings({ failureMode }));
      expect(passed).toStrictEqual({
        hookStatus: 'SUCCESS',
        message: 'VpcConfig has 1 subnet and 1 security group',
        annotations: [expect.objectContaining({ status: 'PASSED' })],
      });
    },
  );

  it('does not judge the resource example itself, a DynamoDB table, and answers without a token', async () => {
    expect(await judge(guideRequest('guide-resource-change'))).toStrictEqual({
      hookStatus: 'SUCCESS',
      message: 'Not judged: this hook judges only AWS::SageMaker::Model',
    });
  });

  it.each(['guide-stack-change', 'guide-change-set-change'])(
    'does not judge the %s example, and echoes its token',
    async (name) => {
      expect(await judge(guideRequest(name), settings({ failureMode: 'FAIL' }))).toStrictEqual({
        hookStatus: 'SUCCESS',
        message: 'Not judged: this hook judges only AWS::SageMaker::Model',
        clientRequestToken: TOKEN,
      });
    },
  );
});

describe('a request the hook cannot judge is answered as its failure mode says', () => {
  const malformed: [string, unknown, string][] = [
    ['not an object', 'CREATE_PRE_PROVISION', 'the request is not a JSON object'],
    ['null', null, 'the request is not a JSON object'],
    ['an array', [stackRequest(IN_VPC)], 'the request is not a JSON object'],
    [
      'with an unknown invocation point',
      stackRequest(IN_VPC, { actionInvocationPoint: 'POST_PROVISION' }),
      "actionInvocationPoint 'POST_PROVISION' is not one of CREATE_PRE_PROVISION, UPDATE_PRE_PROVISION, DELETE_PRE_PROVISION",
    ],
    ['without requestData', stackRequest(IN_VPC, { requestData: undefined }), 'requestData is not an object'],
    [
      'without a target name',
      stackRequest(IN_VPC, { requestData: { targetModel: { resourceProperties: IN_VPC } } }),
      'requestData.targetName is missing',
    ],
    [
      'with a targetModel that is a string',
      stackRequest(IN_VPC, { requestData: { targetName: 'AWS::SageMaker::Model', targetModel: '{}' } }),
      'requestData.targetModel is not an object',
    ],
    ['without resourceProperties', stackRequest(undefined), 'resourceProperties is missing or not an object'],
    [
      'with resourceProperties as a string',
      stackRequest(JSON.stringify(IN_VPC)),
      'resourceProperties is missing',
    ],
    [
      'with a property still an intrinsic',
      stackRequest({ ...IN_VPC, VpcConfig: { Ref: 'NetworkSettings' } }),
      'properties left unresolved: VpcConfig is Ref NetworkSettings',
    ],
  ];

  it('stops a model that fails on what it could read, even beside a value left unresolved, under WARN', async () => {
    const response = await judge(
      stackRequest({ ...IN_VPC, VpcConfig: { Subnets: ['default'], SecurityGroupIds: { Ref: 'Groups' } } }),
    );
    expect(response).toMatchObject({ hookStatus: 'FAILED', errorCode: 'NonCompliant' });
    expect(response.message).toContain("VpcConfig.Subnets has invalid subnet IDs: 'default'");
  });

  it.each(malformed)(
    'WARN (the default) lets a request %s through, saying so',
    async (_case, event, problem) => {
      const response = await judge(event);
      expect(response.hookStatus).toBe('SUCCESS');
      expect(response.errorCode).toBeUndefined();
      expect(response.message).toMatch(/^WARNING: the SageMaker model VPC hook could not judge this model/);
      expect(response.message).toContain(problem);
    },
  );

  it.each(malformed)('FAIL stops a request %s, with InternalFailure', async (_case, event, problem) => {
    const response = await judge(event, settings({ failureMode: 'FAIL' }));
    expect(response).toMatchObject({ hookStatus: 'FAILED', errorCode: 'InternalFailure' });
    expect(response.message).toContain(problem);
  });

  it('echoes the token when the request carries one, and answers without one when it does not', async () => {
    expect((await judge(stackRequest('oops'))).clientRequestToken).toBe(TOKEN);
    expect(await judge(42)).not.toHaveProperty('clientRequestToken');
  });

  it('answers every request of a misconfigured hook with the problem, per its failure mode', async () => {
    const broken = {
      failureMode: 'FAIL' as const,
      problem: 'RULE_PARAMETERS: Invalid rule parameter subnetIds: ...',
    };
    expect(await judge(stackRequest(IN_VPC), broken)).toMatchObject({
      hookStatus: 'FAILED',
      errorCode: 'InternalFailure',
      message: expect.stringContaining(
        'the hook is misconfigured: RULE_PARAMETERS: Invalid rule parameter subnetIds',
      ),
    });
  });

  it('keeps the message within the 1,024 characters Cloud Control shows', async () => {
    const many = Array.from({ length: 60 }, (_, index) => ({ Ref: `Subnet${index}LongParameterName` }));
    const response = await judge(
      stackRequest({ ...IN_VPC, VpcConfig: { Subnets: many, SecurityGroupIds: [SG] } }),
    );
    expect(response.message.length).toBeLessThanOrEqual(1024);
  });
});

describe('what the hook logs', () => {
  it('names the verdict and the target, never the container environment', async () => {
    const { output } = await captureOutput(() => judge(stackRequest(IN_VPC)), logger);
    expect(output).toContain('"compliance":"COMPLIANT"');
    expect(output).toContain('"targetLogicalId":"FraudScoringModel"');
    expect(output).not.toContain(SECRET);
  });

  it('logs an error for every request it could not judge, the only trace under WARN', async () => {
    const { output } = await captureOutput(() => judge(stackRequest(undefined)), logger);
    expect(output).toMatch(/"level":"ERROR".*"message":"Could not judge the request"/);
    expect(output).toContain('"failureMode":"WARN"');
  });
});

describe('the handler CloudFormation invokes', () => {
  const loadHandler = (environment: Record<string, string>) => {
    const saved = { ...process.env };
    Object.assign(process.env, environment);
    try {
      type HandlerModule = typeof import('../../../hook/handler');
      let loaded: HandlerModule | undefined;
      jest.isolateModules(() => {
        loaded = jest.requireActual<HandlerModule>('../../../hook/handler');
      });
      return loaded!.handler;
    } finally {
      process.env = saved;
    }
  };

  it('reads the rule parameters and failure mode from its environment once, at cold start', async () => {
    const handler = loadHandler({
      RULE_PARAMETERS: JSON.stringify({ subnetIds: 'subnet-99999999' }),
      HOOK_FAILURE_MODE: 'FAIL',
    });
    expect(await handler(stackRequest(IN_VPC))).toMatchObject({
      hookStatus: 'FAILED',
      message: `subnets not in the allow-list: ${SUBNET}`,
    });
  });

  it('refuses invalid rule parameters loudly instead of judging with defaults', async () => {
    const handler = loadHandler({
      RULE_PARAMETERS: JSON.stringify({ subnetId: SUBNET }),
      HOOK_FAILURE_MODE: 'FAIL',
    });
    expect(await handler(stackRequest(IN_VPC))).toMatchObject({
      hookStatus: 'FAILED',
      errorCode: 'InternalFailure',
      message: expect.stringContaining('Invalid rule parameter subnetId: unknown parameter'),
    });
  });
});
