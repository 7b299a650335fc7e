import type { CliIo } from './process-io';
import { singleLine } from './report/control-characters';

const QUIET_PERIOD_MS = 1000;
const REDRAW_INTERVAL_MS = 200;

/**
 * One status line on stderr while an audit runs: while it lists the account's regions, then per region
 * (how many are done, which are in progress, how many models are judged). Drawn only when stderr is
 * a terminal (piped output and CI logs stay clean), and not during the first second (short audits do
 * not flicker). A timer redraws it, so a slow call with nothing to count still shows.
 */
export class AuditProgress {
  private status: 'starting' | 'listing' | 'auditing' = 'starting';
  private regions: readonly string[] = [];
  private readonly inProgress = new Set<string>();
  private done = 0;
  private judged = 0;
  private drawn = '';
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly io: CliIo,
    now: () => number = Date.now,
  ) {
    if (!io.stderrIsTTY) return;
    const started = now();
    this.timer = setInterval(() => {
      if (now() - started >= QUIET_PERIOD_MS) this.draw();
    }, REDRAW_INTERVAL_MS);
    // The line is cosmetic: it must never keep the process alive.
    this.timer.unref();
  }

  listingRegions(): void {
    this.status = 'listing';
  }

  auditing(regions: readonly string[]): void {
    this.status = 'auditing';
    this.regions = regions;
  }

  regionStarted(region: string): void {
    this.inProgress.add(region);
  }

  regionFinished(region: string): void {
    this.inProgress.delete(region);
    this.done += 1;
  }

  modelJudged(): void {
    this.judged += 1;
  }

  /** Stops redrawing and clears the line, so that what follows starts clean. */
  finish(): void {
    clearInterval(this.timer);
    if (this.drawn !== '') this.io.stderr('\r\x1b[K');
    this.drawn = '';
  }

  private draw(): void {
    // Region names may come from the API or the environment: nothing of theirs reaches a terminal raw.
    const text = this.fitted(singleLine(this.text()));
    if (text === this.drawn || text === '') return;
    this.io.stderr(`\r\x1b[K${text}`);
    this.drawn = text;
  }

  private text(): string {
    const models = `${this.judged} ${this.judged === 1 ? 'model' : 'models'} judged`;
    switch (this.status) {
      case 'starting':
        return '';
      case 'listing':
        return 'Listing the regions enabled in the account…';
      case 'auditing': {
        if (this.regions.length === 1) return `Auditing ${this.regions[0]}: ${models}`;
        const now = this.inProgress.size > 0 ? `; now ${[...this.inProgress].join(', ')}` : '';
        return `Auditing ${this.regions.length} regions: ${this.done} of ${this.regions.length} done, ${models}${now}`;
      }
    }
  }

  /**
   * A line longer than the terminal would wrap, and `\r` would then clear only its last part. A width
   * of 0 (what some terminals and pseudo-terminals without a size report) is no width: it is unknown.
   */
  private fitted(text: string): string {
    const columns = this.io.stderrColumns;
    if (columns === undefined || columns <= 0 || text.length < columns) return text;
    return `${text.slice(0, Math.max(0, columns - 2))}…`;
  }
}
