import { createHash } from 'node:crypto';
import type { SweepReportingSettings } from '../settings/rule-function';
import type { Verdict } from '../evaluator/evaluate-model';
import type { HeldResult } from './config-compliance';

/**
 * Why the periodic sweep sends a verdict, or skips it:
 * - `full`: full mode sends every verdict;
 * - `unreadable`: what Config holds for the resource is not known (the results could not be read
 *   completely, or this one is incomplete, of an unexpected compliance type, or listed twice);
 * - `new`: Config holds no result for the resource;
 * - `changed`: Config holds another compliance type or another annotation;
 * - `refresh`: Config holds the same, recorded before the resource's latest refresh time;
 * - `unchanged`: Config holds the same, recorded since: the only one not sent.
 */
export type Selection = 'full' | 'unreadable' | 'new' | 'changed' | 'refresh' | 'unchanged';

export type Selector = (resourceId: string, verdict: Pick<Verdict, 'compliance' | 'annotation'>) => Selection;

export const isSent = (selection: Selection): boolean => selection !== 'unchanged';

interface ReadableResult {
  readonly compliance: string;
  readonly annotation?: string;
  readonly recordedAt: Date;
}

const COMPLIANCE_TYPES: ReadonlySet<string> = new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
const DAY_MS = 86_400_000;

/**
 * Decides, verdict by verdict, what one sweep sends. `held` is every result Config holds for the rule,
 * read before the sweep, or undefined when it could not be read completely: then everything is sent,
 * since a verdict skipped on a guess could be one Config never got. `now` is when the sweep began.
 */
export function reportSelector(
  held: readonly HeldResult[] | undefined,
  settings: SweepReportingSettings,
  now: Date,
): Selector {
  if (settings.reporting === 'full') return () => 'full';
  if (held === undefined) return () => 'unreadable';
  const byId = indexReadable(held);
  return (resourceId, verdict) => {
    if (!byId.has(resourceId)) return 'new';
    const result = byId.get(resourceId);
    if (result === undefined) return 'unreadable';
    if (result.compliance !== verdict.compliance || result.annotation !== verdict.annotation)
      return 'changed';
    return refreshDue(resourceId, result.recordedAt, now, settings.refreshDays) ? 'refresh' : 'unchanged';
  };
}

/** Each resource's held result, or undefined where it cannot be trusted to match a verdict. */
function indexReadable(held: readonly HeldResult[]): Map<string, ReadableResult | undefined> {
  const byId = new Map<string, ReadableResult | undefined>();
  for (const result of held) {
    // Two results for one resource: which one Config shows is unknown, so neither is relied on.
    byId.set(result.resourceId, byId.has(result.resourceId) ? undefined : readable(result));
  }
  return byId;
}

function readable(result: HeldResult): ReadableResult | undefined {
  const { compliance, annotation, recordedAt } = result;
  if (compliance === undefined || !COMPLIANCE_TYPES.has(compliance)) return undefined;
  if (recordedAt === undefined || Number.isNaN(recordedAt.getTime())) return undefined;
  return { compliance, recordedAt, ...(annotation !== undefined && { annotation }) };
}

/**
 * Whether a result recorded at `recordedAt` is due to be sent again at `now`. Each resource has refresh
 * times of its own, one every `refreshDays`, offset within the period by a hash of its ID: a fleet judged
 * on one day is then refreshed a slice a day, not all on one day. A result recorded before the latest of
 * these times is due, so none is older than `refreshDays` when a sweep runs, and each is sent again
 * about once a period.
 */
export function refreshDue(resourceId: string, recordedAt: Date, now: Date, refreshDays: number): boolean {
  return recordedAt.getTime() < latestRefreshTime(resourceId, now, refreshDays);
}

/** The latest of the resource's refresh times at or before `now`, in epoch milliseconds. */
export function latestRefreshTime(resourceId: string, now: Date, refreshDays: number): number {
  const period = refreshDays * DAY_MS;
  const offset = Math.floor(refreshPhase(resourceId) * period);
  return Math.floor((now.getTime() - offset) / period) * period + offset;
}

/** Where in the period a resource's refresh falls: a fraction in [0, 1), spread evenly over IDs. */
function refreshPhase(resourceId: string): number {
  return createHash('sha256').update(resourceId).digest().readUIntBE(0, 6) / 2 ** 48;
}

/**
 * Whether one sweep refreshed far more results than the refresh spread allows: about one in
 * `refreshDays` a day, so three times that (and more than a handful) is a sign that AWS Config kept the
 * old recorded time of a result sent again unchanged, which would make every result due on every sweep.
 * Once after the rule was stopped for longer than the period is expected; on every sweep it is not.
 */
export function refreshesExceedSpread(refreshed: number, models: number, refreshDays: number): boolean {
  return refreshed > Math.max(10, (3 * models) / refreshDays);
}

/** What the sweep's selection did, for the invocation summary. */
export interface SelectionCounts {
  /** Verdicts not sent: Config holds the same result, recorded since its latest refresh time. */
  readonly unchangedSkipped: number;
  /** Verdicts sent only because the held result was due for its refresh. */
  readonly refreshed: number;
  /** Verdicts sent because what Config holds for the resource could not be read. */
  readonly heldUnreadable: number;
}

export class SelectionTally implements SelectionCounts {
  unchangedSkipped = 0;
  refreshed = 0;
  heldUnreadable = 0;

  add(selection: Selection): void {
    if (selection === 'unchanged') this.unchangedSkipped += 1;
    else if (selection === 'refresh') this.refreshed += 1;
    else if (selection === 'unreadable') this.heldUnreadable += 1;
  }

  counts(): SelectionCounts {
    return {
      unchangedSkipped: this.unchangedSkipped,
      refreshed: this.refreshed,
      heldUnreadable: this.heldUnreadable,
    };
  }
}
