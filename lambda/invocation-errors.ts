import type { ModelFailure } from '../aws/sagemaker-models';
import { firstNamed, type NamedItem } from './logger';

/** The log lines that name every model not judged. */
export const MODELS_NOT_JUDGED = 'Models not judged';

/** Each model not judged, as the log names them. */
export function notJudgedItems(failures: readonly ModelFailure[]): NamedItem[] {
  return failures.map((failure) => ({ resource: failure.name, reason: failure.error }));
}

export class ModelsNotJudgedError extends Error {
  constructor(failures: readonly ModelFailure[], listed: number) {
    super(
      `No verdict was reported for ${failures.length} of ${listed} models: ${firstNamed(notJudgedItems(failures), MODELS_NOT_JUDGED)}`,
    );
    this.name = 'ModelsNotJudgedError';
  }
}

export class IncompleteListingError extends Error {
  constructor(cause: string) {
    super(
      `ListModels stopped part-way, so the models after it were not judged and no stale result was cleared: ${cause}`,
    );
    this.name = 'IncompleteListingError';
  }
}

export class HeldResultsUnreadError extends Error {
  constructor(cause: string) {
    super(
      `Could not read the results AWS Config holds for the rule, so every verdict was sent and no stale result was cleared: ${cause}`,
    );
    this.name = 'HeldResultsUnreadError';
  }
}

/** Results of vanished models may still show: the next sweep clears them. Nothing false was reported. */
export class CleanupIncompleteError extends Error {
  constructor(cause: string) {
    super(`The clean-up of results held for vanished models did not finish: ${cause}`);
    this.name = 'CleanupIncompleteError';
  }
}

/** More than one thing went wrong in one invocation: all of them are named, none is hidden. */
export class InvocationFailedError extends Error {
  constructor(readonly problems: readonly Error[]) {
    super(
      `${problems.length} problems: ${problems.map((problem) => `${problem.name}: ${problem.message}`).join(' | ')}`,
    );
    this.name = 'InvocationFailedError';
  }
}

/** The next sweep starts the pass again: a fleet larger than one sweep's reach would never be fully judged. */
export class SweepProgressError extends Error {
  constructor(cause: string) {
    super(`${cause}; the models this sweep did not reach were not judged`);
    this.name = 'SweepProgressError';
  }
}
