import type { CliIo } from './io';

const QUIET_PERIOD_MS = 1000;
const REDRAW_INTERVAL_MS = 200;

/**
 * A one-line counter on stderr for sweeps that take a while. Silent when stderr is not a terminal
 * (CI logs stay clean) and during the first second (short sweeps do not flicker).
 */
export class SweepProgress {
  private judged = 0;
  private shown = false;
  private lastDrawn = 0;
  private readonly started: number;

  constructor(
    private readonly io: CliIo,
    private readonly regions: number,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  modelJudged(): void {
    this.judged += 1;
    const now = this.now();
    if (
      !this.io.stderrIsTTY ||
      now - this.started < QUIET_PERIOD_MS ||
      now - this.lastDrawn < REDRAW_INTERVAL_MS
    )
      return;
    const where = this.regions === 1 ? '1 region' : `${this.regions} regions`;
    this.io.stderr(`\r\x1b[KAuditing ${where}: ${this.judged} models judged`);
    this.shown = true;
    this.lastDrawn = now;
  }

  /** Clears the line so that what follows starts clean. */
  finish(): void {
    if (this.shown) this.io.stderr('\r\x1b[K');
  }
}
