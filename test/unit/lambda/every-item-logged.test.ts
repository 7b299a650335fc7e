import { PutEvaluationsCommand, type Evaluation } from '@aws-sdk/client-config-service';
import { configClient, handler } from '../../../lambda/handler';
import { EvaluationReporter } from '../../../lambda/evaluation-reporter';
import { logger } from '../../../lambda/logger';
import { awsError, captureOutput, fakeConfig, fakeSageMaker } from '../../support/fake-aws';
import { loadEvent } from '../../support/fixtures';

const MANY = 250;
const names = Array.from({ length: MANY }, (_, index) => `model-${String(index).padStart(3, '0')}`);

/** The items of the log lines with this message, in order, and how each line numbers itself. */
function namedInLog(output: string, message: string) {
  const lines = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { message: string; part: number; parts: number; items: unknown[] })
    .filter((line) => line.message === message);
  return { parts: lines.map((line) => [line.part, line.parts]), items: lines.flatMap((line) => line.items) };
}

describe('every resource an error counts is named in the log, in batches', () => {
  it('names each of 250 models not judged, 100 to a line, while the error names 10', async () => {
    fakeSageMaker(
      names.map((name) => ({ name, describeError: awsError('AccessDeniedException', 'denied') })),
    );
    fakeConfig();
    const { error, output } = await captureOutput(() => handler(loadEvent('scheduled')));

    expect((error as Error).message).toMatch(
      /^No verdict was reported for 250 of 250 models: model-000 \(DescribeModel failed: HTTP 400 AccessDeniedException: denied\);.*model-009 [^;]*; and 240 more, each in the log lines 'Models not judged'$/,
    );
    const logged = namedInLog(output, 'Models not judged');
    expect(logged.parts).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(logged.items).toEqual(
      names.map((resource) => ({
        resource,
        reason: 'DescribeModel failed: HTTP 400 AccessDeniedException: denied',
      })),
    );
  });

  it('names each of 250 evaluations Config did not accept, while the error names 10', async () => {
    const config = fakeConfig();
    config.stub
      .on(PutEvaluationsCommand)
      .callsFake((input: { Evaluations: Evaluation[] }) => ({ FailedEvaluations: input.Evaluations }));
    const reporter = new EvaluationReporter(configClient(), 'token', { sleep: () => Promise.resolve() });
    for (const name of names) {
      await reporter.add({
        ComplianceResourceType: 'AWS::SageMaker::Model',
        ComplianceResourceId: name,
        ComplianceType: 'COMPLIANT',
        OrderingTimestamp: new Date(0),
      });
    }
    const { error, output } = await captureOutput(() => reporter.finish(), logger);

    expect((error as Error).message).toMatch(
      /^AWS Config did not accept 250 evaluation\(s\): model-000 \(still in FailedEvaluations after retries\);.*; and 240 more, each in the log lines 'Evaluations AWS Config did not accept'$/,
    );
    const logged = namedInLog(output, 'Evaluations AWS Config did not accept');
    expect(logged.parts).toHaveLength(3);
    expect(logged.items).toEqual(
      names.map((resource) => ({ resource, reason: 'still in FailedEvaluations after retries' })),
    );
  });
});
