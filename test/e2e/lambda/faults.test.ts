import { MAX_TIMEOUT_ATTEMPTS } from '../../../aws/client-options';
import { main } from '../../../cli/main';
import type { JsonReport } from '../../../cli/report/json';
import type { handler as Handler } from '../../../lambda/handler';
import { useEmulator } from '../../../scripts/emulator/emulated-aws';
import { loadEvent, loadFixture } from '../../support/fixtures';
import { remainingTime } from '../../support/fake-aws';
import { ProcessOutput } from '../../support/process-output';
import { captureIo } from '../../unit/cli/capture-io';
import { modelArn, startFaultInjectingAws, type Answer, type FaultInjectingAws } from './fault-injecting-aws';

/**
 * The real handler (and the audit CLI) with the SDK's real HTTP stack against a fake AWS that answers
 * badly, slowly or not at all. Each case says what the rule promises: every verdict reached is sent, a
 * model it cannot judge fails the invocation by name, nothing is reported on the wrong resource, and
 * nothing hangs until Lambda's timeout.
 */
let aws: FaultInjectingAws;
let handler: typeof Handler;
const output = new ProcessOutput();
const invoke = (event: unknown, remainingMs?: number) =>
  output.during(() => handler(event, remainingMs === undefined ? undefined : remainingTime(remainingMs)));
/** What the invocation ended with: its summary, or the error it failed with. */
const outcome = (event: unknown, remainingMs?: number) =>
  invoke(event, remainingMs).then(
    (summary) => ({ summary, error: undefined }),
    (error: Error) => ({ summary: undefined, error }),
  );
const names = (count: number, prefix = 'model') =>
  Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(3, '0')}`);
const reportedIds = () => aws.evaluations.map((evaluation) => evaluation.ComplianceResourceId).sort();

/**
 * A Lambda with 12 s left: new work stops at 7.8 s (4.2 s before the timeout), sending at 10.8 s. The
 * fleet's other calls take a second or two even on a busy machine, so only the hung ones are cut.
 */
const BUDGET_MS = 12_000;

beforeAll(async () => {
  aws = await startFaultInjectingAws();
  useEmulator(aws.endpoint);
  ({ handler } = await import('../../../lambda/handler'));
});
afterAll(async () => {
  await aws?.close();
});
beforeEach(() => aws.reset());

describe('hangs', () => {
  it('a DescribeModel that never answers: 149 of 150 verdicts sent, the invocation fails naming the model, before the timeout', async () => {
    aws.state.models = names(150);
    aws.faults.DescribeModel = (input) => (input.ModelName === 'model-077' ? 'hang' : undefined);
    const started = Date.now();

    const { error } = await outcome(loadEvent('scheduled-testmode'), BUDGET_MS);

    expect(Date.now() - started).toBeLessThan(BUDGET_MS);
    expect(aws.evaluations).toHaveLength(149);
    expect(reportedIds()).not.toContain('model-077');
    expect(error?.message).toMatch(
      /No verdict was reported for 1 of 150 models: model-077 \(DescribeModel failed: the invocation stopped starting AWS calls 4\.2 s before Lambda's timeout/,
    );
  });

  it('a PutEvaluations that never answers: a clear error naming the evaluation, before the timeout', async () => {
    aws.faults.PutEvaluations = () => 'hang';
    const started = Date.now();
    const { error } = await outcome(loadEvent('change-compliant'), BUDGET_MS);
    expect(Date.now() - started).toBeLessThan(BUDGET_MS);
    expect(error?.message).toMatch(
      /^AWS Config did not accept 1 evaluation\(s\): fraud-scoring-v3 \(PutEvaluations failed: the invocation stopped sending evaluations 1\.2 s before Lambda's timeout/,
    );
  });

  it.each<Answer>(['hang', 'drip'])(
    'a configuration history fetch whose answer would %s: a clear error naming the deadline, nothing reported',
    async (answer) => {
      aws.faults.GetResourceConfigHistory = () => answer;
      const started = Date.now();
      const { error } = await outcome(loadEvent('oversized'), BUDGET_MS);
      expect(Date.now() - started).toBeLessThan(BUDGET_MS);
      // Also for a dripping answer, not "HTTP 200 (no error code)": the status of the answer cut short.
      expect(error?.message).toMatch(
        /^GetResourceConfigHistory failed: the invocation stopped starting AWS calls 4\.2 s before Lambda's timeout/,
      );
      expect(aws.calls).not.toContain('PutEvaluations');
    },
  );
});

describe('wrong answers', () => {
  it('a history item of another model: nothing sent for either, the invocation fails', async () => {
    const history = loadFixture<{ configurationItems: Array<Record<string, unknown>> }>(
      'api/get-resource-config-history-oversized',
    );
    const item = history.configurationItems[0]!;
    // On the wire, the JSON protocol carries timestamps as epoch seconds.
    Object.assign(item, {
      resourceId: 'other-model',
      resourceName: 'other-model',
      configurationItemCaptureTime: Date.parse(String(item.configurationItemCaptureTime)) / 1000,
    });
    aws.faults.GetResourceConfigHistory = () => ({ status: 200, json: history });
    const { error } = await outcome(loadEvent('oversized'));
    expect(error?.message).toContain('answered with AWS::SageMaker::Model other-model, not the announced');
    expect(aws.calls).not.toContain('PutEvaluations');
  });

  it('a DescribeModel answer about another model, and "could not find" for a listed one: both named, no verdict', async () => {
    aws.state.models = names(3);
    aws.faults.DescribeModel = (input) => {
      if (input.ModelName === 'model-001')
        return { status: 200, json: { ModelName: 'model-002', ModelArn: modelArn('model-002') } };
      if (input.ModelName === 'model-002')
        return { status: 400, json: { __type: 'ValidationException', message: 'Could not find model "x".' } };
      return undefined;
    };
    const { error } = await outcome(loadEvent('scheduled-testmode'));
    expect(reportedIds()).toEqual(['model-000']);
    expect(error?.message).toContain('model-001 (UnexpectedApiShapeError');
    expect(error?.message).toContain(
      'DescribeModel could not find model-002, which ListModels has just returned',
    );
  });

  it('a FailedEvaluations entry that names no resource: the batch is sent again, never counted delivered', async () => {
    let answered = 0;
    aws.faults.PutEvaluations = () =>
      answered++ === 0
        ? { status: 200, json: { FailedEvaluations: [{ ComplianceType: 'COMPLIANT' }] } }
        : undefined;
    const { summary } = await outcome(loadEvent('change-compliant'));
    expect(aws.calls.filter((call) => call === 'PutEvaluations')).toHaveLength(2);
    expect(summary?.evaluationsDelivered).toBe(1);
  });

  it('an HTTP 500 with an HTML body: the error names the operation and status, never the body', async () => {
    aws.state.models = names(1);
    aws.faults.ListModels = () => ({
      status: 500,
      text: '<html>upstream error; session=html-body-secret</html>',
    });
    const { error } = await outcome(loadEvent('scheduled-testmode'));
    expect(error?.message).toContain('ListModels failed: HTTP 500 (no error code)');
    expect(error?.message).not.toContain('html-body-secret');
    expect(output.text).not.toContain('html-body-secret');
  }, 60_000);

  it.each([
    ['knows', [['live-model', 'real-id-of-live-model']]],
    ['does not know', []],
  ] as const)(
    "a live model missing from Config's inventory, whose ID Config's lookup %s: no verdict under a guessed ID, its real result kept",
    async (_knows, deleted) => {
      aws.state.models = ['model-000', 'live-model'];
      aws.state.inventory = [['model-000', 'rid-000']];
      aws.state.deleted = deleted.map(([name, id]) => [name, id]);
      aws.state.held = ['rid-000', 'real-id-of-live-model'];
      const { error } = await outcome(loadEvent('scheduled-testmode'));
      const sent = Object.fromEntries(aws.evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType]));
      expect(sent).toEqual({ 'rid-000': 'COMPLIANT' });
      expect(error?.message).toContain("live-model (not in Config's inventory");
    },
    60_000,
  );
});

describe('repeated tokens', () => {
  it.each([
    ['ListModels', 'NextToken', 'IncompleteListingError'],
    ['GetComplianceDetailsByConfigRule', 'NextToken', 'HeldResultsUnreadError'],
    ['ListDiscoveredResources', 'nextToken', 'ListDiscoveredResources'],
  ])('%s repeating its page token ends with a clear error, not a loop', async (operation, field, named) => {
    aws.state.models = names(2);
    aws.faults[operation] = () => ({ status: 200, json: { [field]: 'again' } });
    const started = Date.now();
    const { error } = await outcome(loadEvent('scheduled-testmode'));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(`${error?.name}: ${error?.message}`).toContain(named);
    expect(error?.message).toContain(`${operation} returned a NextToken it had already returned (page 2)`);
    expect(aws.calls.filter((call) => call === operation)).toHaveLength(2);
  });
});

describe('the audit CLI against a hung or dripping endpoint', () => {
  it.each<[Answer, string, RegExp, number]>([
    // Three attempts of up to 10 s each (requestTimeout), with backoff between them.
    ['hang', 'per-call timeouts', /DescribeModel failed: TimeoutError: .*10000 ms requestTimeout/, 60_000],
    // Three attempts of 15 s each (ATTEMPT_TIME_LIMIT_MS): the body keeps the socket busy, never idle.
    [
      'drip',
      'the limit per attempt',
      /DescribeModel failed: TimeoutError: did not complete within 15 s \(the limit of each attempt/,
      90_000,
    ],
  ])(
    'a DescribeModel whose answer would %s ends as an ERROR finding (%s) with exit code 2',
    async (answer, _limit, reason, withinMs) => {
      aws.state.models = names(3);
      aws.faults.DescribeModel = (input) => (input.ModelName === 'model-001' ? answer : undefined);
      const captured = captureIo();
      const started = Date.now();

      const code = await main(['audit', '--region', 'eu-west-1', '--format', 'json'], captured.io);

      expect(Date.now() - started).toBeLessThan(withinMs);
      expect(code).toBe(2);
      const report = JSON.parse(captured.stdout()) as JsonReport;
      const stuck = report.findings.find((finding) => finding.resource === 'model-001');
      expect(stuck).toMatchObject({ compliance: 'ERROR' });
      expect(stuck?.reasons.join(' ')).toMatch(reason);
      expect(aws.calls.filter((call) => call === 'DescribeModel')).toHaveLength(2 + MAX_TIMEOUT_ATTEMPTS);
      expect(report.findings.filter((finding) => finding.compliance === 'COMPLIANT')).toHaveLength(2);
    },
    180_000,
  );
});
