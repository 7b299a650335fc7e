import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { forEachConcurrently } from '../aws/concurrency';
import { listHeldModelResults, type HeldResult } from './config-compliance';
import { listRecordedModels, recordedNamesOf, type RecordedModels } from './config-inventory';
import { type EvaluationReporter, toEvaluation } from './evaluation-reporter';
import {
  DEFAULT_SWEEP_CONCURRENCY,
  modelIsGone,
  sweepModels,
  listModelPages,
  type DescribedModel,
  type ListingInput,
  type ModelFailure,
  type SweepResult,
} from '../aws/sagemaker-models';
import { describeError } from '../aws/call-errors';
import {
  DEFAULT_SWEEP_REPORTING,
  DEFAULT_SWEEP_SOURCE,
  PASS_ALARM_DAYS,
  PASS_OVERDUE_FIELD,
  type SweepReportingSettings,
  type SweepSource,
} from '../settings/rule-function';
import { RecordedModelSource, type SourceCounts } from './recorded-model-source';
import {
  advanceCursor,
  judgedByPass,
  type OpenPass,
  type PassCursor,
  type ProgressStore,
  type ReadProgress,
} from './sweep-progress';
import {
  isSent,
  refreshesExceedSpread,
  reportSelector,
  SelectionTally,
  type SelectionCounts,
} from './report-selection';
import { evaluateModel, notApplicableVerdict } from '../evaluator/evaluate-model';
import { MODEL_RESOURCE_TYPE } from '../evaluator/model-facts';
import type { RuleParameters } from '../evaluator/rule-parameters';
import { logger } from './logger';

export interface PeriodicSweepRequest {
  readonly notificationCreationTime: string;
  readonly configRuleName: string;
}

export interface PeriodicSweepClients {
  readonly sageMaker: SageMakerClient;
  readonly config: ConfigServiceClient;
}

export interface PeriodicSweepOptions {
  readonly concurrency?: number;
  /** The invocation's work deadline: when it aborts, nothing new starts (see InvocationDeadline). */
  readonly signal?: AbortSignal;
  /** What to send of the verdicts (delta or full). @default DEFAULT_SWEEP_REPORTING */
  readonly reporting?: SweepReportingSettings;
  /** Where each model's configuration is read. @default DEFAULT_SWEEP_SOURCE */
  readonly source?: SweepSource;
  /**
   * Where a sweep that runs out of time leaves its progress, so that the next one continues the pass.
   * @default none: every sweep starts at the top, and models it does not reach are failures
   */
  readonly progress?: ProgressStore;
  /** Aborts the save of the progress; the work deadline has passed by then. */
  readonly progressSignal?: AbortSignal;
}

/** Where this sweep left the pass over the fleet. */
export interface PassReport {
  readonly startedAt: Date;
  /** Sweeps that worked on the pass, this one included. */
  readonly sweeps: number;
  /** Models judged (or named as failures) by the pass so far, this sweep's included. */
  readonly judged: number;
  /** Listed models that earlier sweeps of the pass had judged. */
  readonly skipped: number;
  /** Listed models this sweep did not reach. */
  readonly leftForNextSweep: number;
  readonly complete: boolean;
}

export interface PeriodicSweepOutcome {
  readonly modelsListed: number;
  /** Models without a verdict: not described, or described but with no resourceId to report under. */
  readonly failures: readonly ModelFailure[];
  /** Set when ListModels failed part-way: models after that page were never judged. */
  readonly listingError?: string;
  /** Created so recently that Config has not recorded them yet: their change notification judges them. */
  readonly awaitingInventory: readonly string[];
  readonly cleared: number;
  readonly selection: SelectionCounts;
  /** Set when the results Config holds could not be read: every verdict was sent, nothing cleared. */
  readonly heldResultsError?: string;
  /** Held results under IDs no listed model uses, kept because nothing proved their model gone. */
  readonly keptUnproven: number;
  /** Why the clean-up of held results did not finish. */
  readonly cleanupError?: string;
  /** Where the pass stands, when the sweep keeps progress. */
  readonly pass?: PassReport;
  /** Why the progress could not be read or saved: the next sweep starts the pass again. */
  readonly progressError?: string;
  /** Where the configurations came from, with the `config` source. */
  readonly sources?: SourceCounts;
}

/**
 * ListModels in creation order, oldest first, so that models created during a pass come after the
 * cursor, and from the cursor's time on (CreationTimeAfter includes that time): the models an earlier
 * sweep of the pass judged are not paged through again, except those created at that millisecond, which
 * the cursor names.
 */
function listingFrom(cursor: PassCursor | undefined): ListingInput {
  return {
    SortBy: 'CreationTime',
    SortOrder: 'Ascending',
    ...(cursor && { CreationTimeAfter: new Date(cursor.createdAt) }),
  };
}

/**
 * How long Config may take to record a new model before its absence from Config's inventory counts as
 * a failure. Config records a change within minutes; an hour leaves room for a backlog.
 */
export const INVENTORY_GRACE_MS = 60 * 60_000;

const GONE = notApplicableVerdict('The model no longer exists');

/**
 * Judges every model in the account and region from the live SageMaker API, then clears results
 * Config still holds for models that are proved gone. Each verdict the selection keeps (in delta mode,
 * those that differ from what Config holds, or are due for a refresh) goes to the reporter as soon as it
 * is known.
 */
export async function runPeriodicSweep(
  request: PeriodicSweepRequest,
  parameters: RuleParameters,
  reporter: EvaluationReporter,
  clients: PeriodicSweepClients,
  options: PeriodicSweepOptions = {},
): Promise<PeriodicSweepOutcome> {
  const { signal } = options;
  const started = new Date();
  // Read once, before anything is sent: what to send depends on them, and so does the clean-up.
  const [recorded, held, progress] = await Promise.all([
    listRecordedModels(clients.config, signal),
    readHeldResults(clients.config, request.configRuleName, signal),
    readProgress(options.progress, signal),
  ]);
  const openPass = progress.read?.pass;
  const orderingTimestamp = request.notificationCreationTime;
  // On Config's clock, as its results' recorded times are, and the same on a retry of this invocation.
  const reporting = options.reporting ?? DEFAULT_SWEEP_REPORTING;
  const select = reportSelector(held.results, reporting, new Date(orderingTimestamp));
  const tally = new SelectionTally();
  const unreported: ModelFailure[] = [];
  const awaitingInventory: string[] = [];
  const withTags = parameters.exemptionTag !== undefined;
  const source =
    (options.source ?? DEFAULT_SWEEP_SOURCE) === 'config'
      ? new RecordedModelSource(clients, recorded, withTags, signal)
      : undefined;

  const sweep = await sweepModels(
    clients.sageMaker,
    {
      withTags,
      concurrency: options.concurrency ?? DEFAULT_SWEEP_CONCURRENCY,
      ...(signal && { signal }),
      listing: listingFrom(openPass?.cursor),
      skip: (model) => judgedByPass(model, openPass?.cursor),
      ...(source && { beforePage: source.beforePage, describe: source.describe }),
    },
    async (model) => {
      const resourceIds = reportedIdsOf(model, recorded, started);
      if (resourceIds === 'awaiting inventory') return void awaitingInventory.push(model.name);
      if (resourceIds === 'unknown') {
        return void unreported.push({
          name: model.name,
          error:
            "not in Config's inventory, which lists other SageMaker models, so its resourceId is unknown " +
            'and a guessed one could name a resource Config does not have',
        });
      }
      const verdict = evaluateModel(model.facts, parameters);
      for (const resourceId of resourceIds) {
        const selection = select(resourceId, verdict);
        tally.add(selection);
        if (isSent(selection))
          await reporter.add(toEvaluation(MODEL_RESOURCE_TYPE, resourceId, verdict, orderingTimestamp));
      }
    },
  );
  // Verdicts reached are sent before anything is cleared, or the progress moves past them.
  await reporter.flush();
  warnOfRefreshesBeyondSpread(tally, sweep.listed.length, reporting);
  const continuation = await continuePass(sweep, progress, options, recorded.ids.size, started);
  // Models the sweep did not reach are the next sweep's, where it saved how far it got.
  const waiting = continuation.saved ? sweep.unreached : new Set<string>();
  const listingError = continuation.saved && sweep.listingStopped ? undefined : sweep.listingError;
  const outcome = {
    modelsListed: sweep.listed.length,
    failures: [...sweep.failures.filter((failure) => !waiting.has(failure.name)), ...unreported],
    awaitingInventory,
    ...(listingError !== undefined && { listingError }),
    selection: tally.counts(),
    ...(held.error !== undefined && { heldResultsError: held.error }),
    ...(continuation.pass && { pass: continuation.pass }),
    ...(continuation.error !== undefined && { progressError: continuation.error }),
    ...(source && { sources: source.counts() }),
  };
  // Without the full list of models, no result can be told to belong to a model that is gone.
  if (sweep.listingError !== undefined || held.results === undefined) {
    return { ...outcome, cleared: 0, keptUnproven: 0 };
  }
  if (signal?.aborted) {
    const cleanupError = continuation.saved ? {} : { cleanupError: describeError(signal.reason) };
    return { ...outcome, cleared: 0, keptUnproven: 0, ...cleanupError };
  }
  try {
    const cleanup = await clearVanishedModels(request, held.results, reporter, clients, {
      inUse: idsInUse(sweep, recorded),
      reportedUnderNames: recorded.ids.size === 0,
      ...(openPass?.cursor && {
        namesJudgedEarlier: () => listedNames(clients.sageMaker, signal),
      }),
      started,
      concurrency: options.concurrency ?? DEFAULT_SWEEP_CONCURRENCY,
      signal,
    });
    // Out of time during the clean-up: what was proved is sent, the rest waits for the next sweep.
    return { ...outcome, ...cleanup, ...(signal?.aborted && { cleanupError: describeError(signal.reason) }) };
  } catch (error) {
    return { ...outcome, cleared: 0, keptUnproven: 0, cleanupError: describeError(error) };
  }
}

function warnOfRefreshesBeyondSpread(
  tally: SelectionTally,
  modelsListed: number,
  reporting: SweepReportingSettings,
): void {
  const { refreshed } = tally.counts();
  if (
    reporting.reporting === 'delta' &&
    refreshesExceedSpread(refreshed, modelsListed, reporting.refreshDays)
  ) {
    logger.warn(
      'More held results were due for a refresh than the spread allows. If this repeats on every sweep, ' +
        'AWS Config is not updating the recorded time of results sent again unchanged, and delta mode ' +
        'saves nothing: see docs/cost.md',
      { refreshed, modelsListed, refreshDays: reporting.refreshDays },
    );
  }
}

/** The progress the store holds, or why it could not be read: the sweep then starts a new pass. */
async function readProgress(
  store: ProgressStore | undefined,
  signal: AbortSignal | undefined,
): Promise<{ readonly read?: ReadProgress; readonly error?: string }> {
  if (store === undefined) return {};
  try {
    const read = await store.read(signal);
    if (read.unreadable !== undefined) {
      logger.warn('The sweep progress was unreadable: this sweep starts a new pass over every model', {
        why: read.unreadable,
      });
    }
    return { read };
  } catch (error) {
    return { error: `the sweep progress could not be read: ${describeError(error)}` };
  }
}

/**
 * Saves how far the pass got, so that the next sweep continues it, and logs where it stands. `saved` is
 * whether what this sweep did not reach is safely left to the next one: its progress was saved, or an
 * overlapping sweep's was, which covers the same models or more.
 */
async function continuePass(
  sweep: SweepResult,
  progress: { readonly read?: ReadProgress; readonly error?: string },
  options: PeriodicSweepOptions,
  recordedModels: number,
  started: Date,
): Promise<{ readonly saved: boolean; readonly pass?: PassReport; readonly error?: string }> {
  const { read } = progress;
  if (options.progress === undefined || read === undefined) {
    return { saved: false, ...(progress.error !== undefined && { error: progress.error }) };
  }
  const previous = read.pass;
  const complete = sweep.listingError === undefined && sweep.unreached.size === 0;
  const advanced = advanceCursor(sweep.listed, (model) => !sweep.unreached.has(model.name), previous?.cursor);
  if (!advanced.inOrder) {
    logger.warn('ListModels did not list models in creation order: the pass does not move on', {
      cursor: previous?.cursor,
    });
  }
  const pass: PassReport = {
    startedAt: previous?.startedAt ?? started,
    sweeps: (previous?.sweeps ?? 0) + 1,
    judged: (previous?.judged ?? 0) + sweep.listed.length - sweep.skipped - sweep.unreached.size,
    skipped: sweep.skipped,
    leftForNextSweep: sweep.unreached.size,
    complete,
  };
  const open: OpenPass | undefined = complete
    ? undefined
    : { ...pass, ...(advanced.cursor && { cursor: advanced.cursor }) };
  let saved: boolean;
  try {
    saved = await options.progress.save(read, open, new Date(), options.progressSignal);
  } catch (error) {
    return { saved: false, pass, error: `the sweep progress could not be saved: ${describeError(error)}` };
  }
  if (saved) logPass(pass, recordedModels);
  else {
    logger.warn('Another sweep saved its progress first: the next sweep continues from there', {
      judgedInThisSweep: sweep.listed.length - sweep.skipped - sweep.unreached.size,
    });
  }
  return { saved: true, pass };
}

function logPass(pass: PassReport, recordedModels: number): void {
  const ageDays = (Date.now() - pass.startedAt.getTime()) / 86_400_000;
  const details = { sweeps: pass.sweeps, judged: pass.judged, passStartedAt: pass.startedAt.toISOString() };
  if (pass.complete) {
    logger.info(`The sweep pass is complete: judged ${pass.judged} models in ${pass.sweeps} sweeps`, details);
    return;
  }
  const of = recordedModels > pass.judged ? ` of the ${recordedModels} Config records` : '';
  logger.info(`Judged ${pass.judged} models${of} in this pass so far; the next sweep continues`, details);
  if (ageDays > PASS_ALARM_DAYS) {
    logger.error(
      `The sweep pass has been open for more than ${PASS_ALARM_DAYS} days: sweep more often, raise the ` +
        "timeout, or read from Config's records (sweepSource 'config')",
      { ...details, [PASS_OVERDUE_FIELD]: true },
    );
  }
}

/** The results Config holds, or why they could not be read: a failed read must not stop the sweep. */
async function readHeldResults(
  client: ConfigServiceClient,
  configRuleName: string,
  signal: AbortSignal | undefined,
): Promise<{ readonly results?: HeldResult[]; readonly error?: string }> {
  try {
    return { results: await listHeldModelResults(client, configRuleName, signal) };
  } catch (error) {
    return { error: describeError(error) };
  }
}

/**
 * The resourceIds to report a model under. Config's own IDs where its inventory knows the model. Where
 * the inventory lists no SageMaker model at all, Config does not record them here and the model name is
 * the only identifier there is. But where the inventory lists other models and not this one, a name
 * would be a guess that could differ from the ID Config gives the model (a phantom resource, while the
 * real one keeps an old result): a model that new is left to its change notification, an older one is
 * a failure.
 */
function reportedIdsOf(
  model: DescribedModel,
  recorded: RecordedModels,
  started: Date,
): readonly string[] | 'awaiting inventory' | 'unknown' {
  const ids = recorded.idsOf(model.name);
  if (ids.length > 0) return ids;
  if (recorded.ids.size === 0) return [model.name];
  // A creation time far ahead of this clock is no sign of a new model: waiting for it would be forever.
  const age = model.createdAtMs !== undefined ? started.getTime() - model.createdAtMs : Infinity;
  return Math.abs(age) < INVENTORY_GRACE_MS ? 'awaiting inventory' : 'unknown';
}

/** The name of every model in the region, for the clean-up at the end of a pass of several sweeps. */
async function listedNames(client: SageMakerClient, signal: AbortSignal | undefined): Promise<Set<string>> {
  const names = new Set<string>();
  for await (const page of listModelPages(client, signal)) for (const model of page) names.add(model.name);
  return names;
}

/** IDs that may name a listed model: Config's live inventory, and each listed model's name. */
function idsInUse(sweep: SweepResult, recorded: RecordedModels): Set<string> {
  return new Set([...recorded.ids, ...sweep.listed.map((model) => model.name)]);
}

interface CleanupScope {
  readonly inUse: ReadonlySet<string>;
  /** This sweep reported under model names: Config's inventory lists no SageMaker model. */
  readonly reportedUnderNames: boolean;
  /**
   * Every model's name, where the pass began in an earlier sweep and this one did not list the models
   * that sweep judged: a result held under one of their names belongs to a live model.
   */
  readonly namesJudgedEarlier?: () => Promise<ReadonlySet<string>>;
  readonly started: Date;
  readonly concurrency: number;
  readonly signal: AbortSignal | undefined;
}

/**
 * Marks NOT_APPLICABLE the results Config holds for models that are gone. A result is cleared only on
 * proof: its ID names no listed model nor anything in Config's live inventory, it was recorded before
 * the sweep began (a later one may be a model created since ListModels paged past it), and DescribeModel
 * says there is no model of the name behind the ID. That name is the one Config recorded for the ID
 * (deleted resources included). An ID Config does not know can only be taken for a name an earlier sweep
 * reported under when nothing says Config records models here (its inventory lists none, nor does it know
 * any other held ID) and the result is older than INVENTORY_GRACE_MS: otherwise it may be a live model's
 * real ID that Config's lookup has not caught up with, and "no longer exists" would hide its result.
 * Missing from the inventory alone is never proof.
 */
async function clearVanishedModels(
  request: PeriodicSweepRequest,
  held: readonly HeldResult[],
  reporter: EvaluationReporter,
  clients: PeriodicSweepClients,
  scope: CleanupScope,
): Promise<Pick<PeriodicSweepOutcome, 'cleared' | 'keptUnproven'>> {
  // A NOT_APPLICABLE result needs no clearing.
  const candidates = held.filter(
    (result) =>
      (result.compliance === 'COMPLIANT' || result.compliance === 'NON_COMPLIANT') &&
      !scope.inUse.has(result.resourceId) &&
      result.recordedAt !== undefined &&
      result.recordedAt < scope.started,
  );
  if (candidates.length === 0) return { cleared: 0, keptUnproven: 0 };
  const recordedNames = await recordedNamesOf(
    clients.config,
    candidates.map((result) => result.resourceId),
    scope.signal,
  );
  const unknownIdsMayBeNames = scope.reportedUnderNames && recordedNames.size === 0;
  const live =
    unknownIdsMayBeNames && scope.namesJudgedEarlier ? await scope.namesJudgedEarlier() : new Set();
  const namedBefore = scope.started.getTime() - INVENTORY_GRACE_MS;
  const gone: string[] = [];
  const kept: Array<{ resourceId: string; why: string }> = [];
  await forEachConcurrently(candidates, scope.concurrency, async ({ resourceId, recordedAt }) => {
    if (live.has(resourceId)) return;
    let name: string | undefined = resourceId;
    if (recordedNames.has(resourceId)) name = recordedNames.get(resourceId);
    else if (!unknownIdsMayBeNames) {
      return void kept.push({ resourceId, why: 'Config records models here, yet does not know this ID' });
    } else if ((recordedAt?.getTime() ?? 0) >= namedBefore) {
      return void kept.push({ resourceId, why: 'recorded too recently for Config to have caught up' });
    }
    if (name === undefined)
      return void kept.push({ resourceId, why: 'Config recorded no model name for it' });
    try {
      if (await modelIsGone(clients.sageMaker, name, scope.signal)) gone.push(resourceId);
      else kept.push({ resourceId, why: `model ${name} exists, yet is missing from Config's inventory` });
    } catch (error) {
      kept.push({ resourceId, why: describeError(error) });
    }
  });
  for (const resourceId of gone) {
    await reporter.add(toEvaluation(MODEL_RESOURCE_TYPE, resourceId, GONE, request.notificationCreationTime));
  }
  if (kept.length > 0) logger.warn('Held results kept: their model was not proved gone', { kept });
  return { cleared: gone.length, keptUnproven: kept.length };
}
