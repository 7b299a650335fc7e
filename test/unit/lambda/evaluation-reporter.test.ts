import { PutEvaluationsCommand, type Evaluation } from '@aws-sdk/client-config-service';
import { configClient, handler } from '../../../lambda/handler';
import { EvaluationReporter, ReportingError } from '../../../lambda/evaluation-reporter';
import { awsError, fakeConfig, fakeSageMaker } from '../../support/fake-aws';
import { loadEvent } from '../../support/fixtures';

const evaluation = (id: number): Evaluation => ({
  ComplianceResourceType: 'AWS::SageMaker::Model',
  ComplianceResourceId: `model-${id}`,
  ComplianceType: 'COMPLIANT',
  Annotation: 'ok',
  OrderingTimestamp: new Date(0),
});

describe('EvaluationReporter', () => {
  it('sends each batch as soon as it holds 100 evaluations', async () => {
    const config = fakeConfig();
    const reporter = new EvaluationReporter(configClient(), 'token');
    for (let id = 0; id < 100; id += 1) await reporter.add(evaluation(id));
    expect(config.stub).toHaveReceivedCommandTimes(PutEvaluationsCommand, 1);
    await reporter.add(evaluation(100));
    expect(config.stub).toHaveReceivedCommandTimes(PutEvaluationsCommand, 1);
    await reporter.finish();
    expect(config.stub).toHaveReceivedCommandTimes(PutEvaluationsCommand, 2);
    expect(reporter.delivered).toBe(101);
  });

  it('sends nothing for an empty run', async () => {
    const config = fakeConfig();
    await new EvaluationReporter(configClient(), 'token').finish();
    expect(config.stub).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });

  it('re-sends FailedEvaluations with backoff until Config accepts them', async () => {
    const config = fakeConfig();
    config.stub
      .on(PutEvaluationsCommand)
      .resolvesOnce({ FailedEvaluations: [evaluation(1), evaluation(2)] })
      .resolvesOnce({ FailedEvaluations: [evaluation(2)] })
      .resolves({ FailedEvaluations: [] });
    const waits: number[] = [];
    const reporter = new EvaluationReporter(configClient(), 'token', {
      retryDelaysMs: [10, 20, 30],
      sleep: async (ms) => void waits.push(ms),
    });
    for (const id of [0, 1, 2]) await reporter.add(evaluation(id));
    await reporter.finish();

    const sent = config.stub
      .commandCalls(PutEvaluationsCommand)
      .map((call) => call.args[0].input.Evaluations!.map((e) => e.ComplianceResourceId));
    expect(sent).toEqual([['model-0', 'model-1', 'model-2'], ['model-1', 'model-2'], ['model-2']]);
    expect(waits).toEqual([10, 20]);
    expect(reporter.delivered).toBe(3);
  });

  it('fails, naming the resources, when Config keeps rejecting them', async () => {
    const config = fakeConfig();
    config.stub.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [evaluation(7)] });
    const reporter = new EvaluationReporter(configClient(), 'token', {
      retryDelaysMs: [1, 1],
      sleep: async () => undefined,
    });
    await reporter.add(evaluation(7));
    await expect(reporter.finish()).rejects.toThrow(
      new ReportingError(
        'AWS Config did not accept 1 evaluation(s): model-7 (still in FailedEvaluations after retries)',
      ),
    );
    expect(config.stub).toHaveReceivedCommandTimes(PutEvaluationsCommand, 3);
  });

  it('keeps sending later batches after one fails, then fails the run', async () => {
    const config = fakeConfig();
    config.stub
      .on(PutEvaluationsCommand)
      .rejectsOnce(awsError('InvalidResultTokenException', 'The result token is invalid'))
      .resolves({ FailedEvaluations: [] });
    const reporter = new EvaluationReporter(configClient(), 'token');
    for (let id = 0; id < 150; id += 1) await reporter.add(evaluation(id));
    await expect(reporter.finish()).rejects.toThrow(
      /did not accept 100 evaluation\(s\): model-0 \(PutEvaluations failed: HTTP 400 InvalidResultTokenException: The result token is invalid\)/,
    );
    expect(reporter.delivered).toBe(50);
  });
});

describe('handler with evaluations Config will not take', () => {
  it('fails the invocation after retrying', async () => {
    jest.useFakeTimers();
    fakeSageMaker([
      { name: 'a', vpcConfig: { Subnets: ['subnet-1a2b3c4d'], SecurityGroupIds: ['sg-1a2b3c4d'] } },
    ]);
    const config = fakeConfig();
    config.stub
      .on(PutEvaluationsCommand)
      .callsFake((input: { Evaluations: Evaluation[] }) => ({ FailedEvaluations: input.Evaluations }));
    const outcome = handler(loadEvent('scheduled')).catch((error: Error) => error);
    // The re-sends wait 200, 800 and 2000 ms.
    await jest.advanceTimersByTimeAsync(3_000);
    expect(await outcome).toEqual(
      expect.objectContaining({
        message: expect.stringMatching(/AWS Config did not accept 1 evaluation\(s\): a /),
      }),
    );
    expect(config.stub).toHaveReceivedCommandTimes(PutEvaluationsCommand, 4);
    jest.useRealTimers();
  });
});

describe('EvaluationReporter re-sends', () => {
  it('its own evaluations, whatever fields Config leaves out of FailedEvaluations', async () => {
    const config = fakeConfig();
    config.stub
      .on(PutEvaluationsCommand)
      .resolvesOnce({
        FailedEvaluations: [
          {
            ComplianceResourceType: 'AWS::SageMaker::Model',
            ComplianceResourceId: 'model-1',
            ComplianceType: 'COMPLIANT',
            OrderingTimestamp: undefined,
          },
        ],
      })
      .resolves({ FailedEvaluations: [] });
    const reporter = new EvaluationReporter(configClient(), 'token', {
      retryDelaysMs: [1],
      sleep: async () => undefined,
    });
    for (const id of [0, 1]) await reporter.add(evaluation(id));
    await reporter.finish();
    expect(config.stub.commandCalls(PutEvaluationsCommand)[1]!.args[0].input.Evaluations).toEqual([
      evaluation(1),
    ]);
  });
});

describe('FailedEvaluations that match no evaluation sent', () => {
  const reporterFor = () =>
    new EvaluationReporter(configClient(), 'token', { retryDelaysMs: [1, 1], sleep: async () => undefined });
  const unmatched = [
    [
      'without ComplianceResourceId',
      { ComplianceResourceType: 'AWS::SageMaker::Model', ComplianceType: 'COMPLIANT' },
    ],
    ['for a resource never sent', { ...evaluation(99) }],
  ] as const;

  it.each(unmatched)(
    '%s: re-send the whole batch, and count it delivered only once accepted',
    async (_case, echo) => {
      const config = fakeConfig();
      config.stub
        .on(PutEvaluationsCommand)
        .resolvesOnce({ FailedEvaluations: [echo as Evaluation] })
        .resolves({ FailedEvaluations: [] });
      const reporter = reporterFor();
      for (const id of [0, 1]) await reporter.add(evaluation(id));
      await reporter.finish();
      const sent = config.stub
        .commandCalls(PutEvaluationsCommand)
        .map((call) => call.args[0].input.Evaluations!.map((e) => e.ComplianceResourceId));
      expect(sent).toEqual([
        ['model-0', 'model-1'],
        ['model-0', 'model-1'],
      ]);
      expect(reporter.delivered).toBe(2);
    },
  );

  it.each(unmatched)('%s, every time: fail, naming every evaluation of the batch', async (_case, echo) => {
    const config = fakeConfig();
    config.stub.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [echo as Evaluation] });
    const reporter = reporterFor();
    for (const id of [0, 1]) await reporter.add(evaluation(id));
    await expect(reporter.finish()).rejects.toThrow(
      'AWS Config did not accept 2 evaluation(s): model-0 (still in FailedEvaluations after retries); model-1',
    );
    expect(reporter.delivered).toBe(0);
  });
});
