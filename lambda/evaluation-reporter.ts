import {
  PutEvaluationsCommand,
  type ConfigServiceClient,
  type Evaluation,
} from '@aws-sdk/client-config-service';
import { describeError } from '../aws/call-errors';
import { firstNamed, logEveryItem, type NamedItem } from './logger';
import type { Verdict } from '../evaluator/evaluate-model';

/** A verdict as AWS Config records it. */
export function toEvaluation(
  resourceType: string,
  resourceId: string,
  verdict: Verdict,
  orderingTimestamp: Date | string,
): Evaluation {
  return {
    ComplianceResourceType: resourceType,
    ComplianceResourceId: resourceId,
    ComplianceType: verdict.compliance,
    Annotation: verdict.annotation,
    OrderingTimestamp: new Date(orderingTimestamp),
  };
}

/** AWS Config accepts at most this many evaluations per PutEvaluations call. */
export const MAX_EVALUATIONS_PER_CALL = 100;
const TEST_MODE_TOKEN = 'TESTMODE';
const DEFAULT_RETRY_DELAYS_MS = [200, 800, 2000];

const NOT_ACCEPTED = 'Evaluations AWS Config did not accept';
export class ReportingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportingError';
  }
}

export interface ReporterOptions {
  /** Waits before each re-send of FailedEvaluations; one re-send per entry. */
  readonly retryDelaysMs?: readonly number[];
  readonly sleep?: (ms: number) => Promise<void>;
  /** When it aborts, sends in flight are abandoned and nothing more is sent: all of it is undelivered. */
  readonly signal?: AbortSignal;
}

const keyOf = (evaluation: Evaluation): string =>
  `${evaluation.ComplianceResourceType}/${evaluation.ComplianceResourceId}`;

/**
 * Sends evaluations to AWS Config in batches of 100 as each batch fills, so a timeout mid-sweep loses
 * nothing already judged. Sends are serialised; evaluations Config rejects are re-sent with backoff,
 * and `finish` fails if any could not be delivered.
 */
export class EvaluationReporter {
  private buffer: Evaluation[] = [];
  private sending: Promise<void> = Promise.resolve();
  private readonly undelivered: NamedItem[] = [];
  private readonly retryDelaysMs: readonly number[];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly signal: AbortSignal | undefined;
  /** Evaluations handed to the reporter, per ComplianceType. */
  readonly counts: Record<string, number> = {};
  calls = 0;
  delivered = 0;

  constructor(
    private readonly client: ConfigServiceClient,
    private readonly resultToken: string,
    options: ReporterOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.signal = options.signal;
  }

  async add(evaluation: Evaluation): Promise<void> {
    this.buffer.push(evaluation);
    const type = evaluation.ComplianceType ?? 'UNKNOWN';
    this.counts[type] = (this.counts[type] ?? 0) + 1;
    if (this.buffer.length >= MAX_EVALUATIONS_PER_CALL) await this.flush();
  }

  /** Sends what is buffered, even a partial batch, and waits until every send so far is done. */
  flush(): Promise<void> {
    const batch = this.buffer.splice(0, this.buffer.length);
    if (batch.length > 0) this.sending = this.sending.then(() => this.send(batch));
    return this.sending;
  }

  /** Sends what is left and throws if any evaluation could not be delivered. */
  async finish(): Promise<void> {
    await this.flush();
    if (this.undelivered.length > 0) {
      logEveryItem(NOT_ACCEPTED, this.undelivered);
      throw new ReportingError(
        `AWS Config did not accept ${this.undelivered.length} evaluation(s): ${firstNamed(this.undelivered, NOT_ACCEPTED)}`,
      );
    }
  }

  /** Never rejects, so that one failed batch cannot stop the batches queued behind it. */
  private async send(batch: Evaluation[]): Promise<void> {
    let pending = batch;
    for (let attempt = 0; ; attempt += 1) {
      let failed: Evaluation[];
      try {
        this.signal?.throwIfAborted();
        this.calls += 1;
        const response = await this.client.send(
          new PutEvaluationsCommand({
            Evaluations: pending,
            ResultToken: this.resultToken,
            ...(this.resultToken === TEST_MODE_TOKEN && { TestMode: true }),
          }),
          { abortSignal: this.signal },
        );
        failed = failedOf(pending, response.FailedEvaluations ?? []);
      } catch (error) {
        this.recordUndelivered(pending, describeError(error, 'PutEvaluations'));
        return;
      }
      this.delivered += pending.length - failed.length;
      if (failed.length === 0) return;
      const delay = this.retryDelaysMs[attempt];
      if (delay === undefined) {
        this.recordUndelivered(failed, 'still in FailedEvaluations after retries');
        return;
      }
      await this.sleep(delay).catch(() => undefined);
      pending = failed;
    }
  }

  private recordUndelivered(evaluations: readonly Evaluation[], why: string): void {
    for (const evaluation of evaluations)
      this.undelivered.push({ resource: evaluation.ComplianceResourceId ?? '', reason: why });
  }
}

/**
 * The evaluations of `pending` that Config says failed. Ours are re-sent, not Config's echo, which may
 * leave fields out. An entry that matches none of them (no ComplianceResourceId, another resource) says
 * that something failed without saying what: the whole batch counts as failed and is sent again, since
 * Config keeps one result per resource and timestamp, rather than any of it being counted delivered.
 */
function failedOf(pending: readonly Evaluation[], failedEntries: readonly Evaluation[]): Evaluation[] {
  if (failedEntries.length === 0) return [];
  const sent = new Set(pending.map(keyOf));
  if (failedEntries.some((entry) => !entry.ComplianceResourceId || !sent.has(keyOf(entry))))
    return [...pending];
  const failedKeys = new Set(failedEntries.map(keyOf));
  return pending.filter((evaluation) => failedKeys.has(keyOf(evaluation)));
}
