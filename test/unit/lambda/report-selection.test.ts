import fc from 'fast-check';
import type { SweepReportingSettings } from '../../../settings/rule-function';
import type { HeldResult } from '../../../lambda/config-compliance';
import {
  isSent,
  latestRefreshTime,
  refreshDue,
  refreshesExceedSpread,
  reportSelector,
  SelectionTally,
  type Selection,
} from '../../../lambda/report-selection';

const DAY = 86_400_000;
const NOW = new Date('2026-11-29T00:00:05Z');
const DELTA: SweepReportingSettings = { reporting: 'delta', refreshDays: 30 };
const COMPLIANT = {
  compliance: 'COMPLIANT',
  annotation: 'VpcConfig has 2 subnets and 1 security group',
} as const;
const EXEMPT = { compliance: 'NOT_APPLICABLE', annotation: 'Exempted by tag vpc-exempt=approved' } as const;

const held = (resourceId: string, fields: Partial<HeldResult> = {}): HeldResult => ({
  resourceId,
  ...COMPLIANT,
  recordedAt: NOW,
  ...fields,
});

const complianceTypes = fc.constantFrom('COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE');
const verdicts = fc.record({
  compliance: complianceTypes,
  annotation: fc.string({ minLength: 1, maxLength: 40 }),
});
const resourceIds = fc.string({ minLength: 1, maxLength: 60 });
const instants = fc
  .integer({ min: Date.parse('2020-01-01'), max: Date.parse('2035-01-01') })
  .map((ms) => new Date(ms));
const refreshDays = fc.integer({ min: 1, max: 365 });

describe('reportSelector in delta mode', () => {
  it('skips a verdict Config already holds, recorded since its latest refresh time', () => {
    const select = reportSelector([held('model-a')], DELTA, NOW);
    expect(select('model-a', COMPLIANT)).toBe('unchanged');
  });

  it('sends a verdict for a resource Config holds nothing for', () => {
    expect(reportSelector([held('model-a')], DELTA, NOW)('model-b', COMPLIANT)).toBe('new');
  });

  it('sends a verdict whose compliance type or annotation differs from the held one', () => {
    const select = reportSelector([held('model-a')], DELTA, NOW);
    expect(select('model-a', { compliance: 'NON_COMPLIANT', annotation: COMPLIANT.annotation })).toBe(
      'changed',
    );
    expect(
      select('model-a', {
        compliance: 'COMPLIANT',
        annotation: 'VpcConfig has 1 subnet and 1 security group',
      }),
    ).toBe('changed');
  });

  it('does not re-send a NOT_APPLICABLE verdict (an exempt model) that Config holds, but sends it when Config holds none', () => {
    const select = reportSelector([held('sandbox', EXEMPT)], DELTA, NOW);
    expect(select('sandbox', EXEMPT)).toBe('unchanged');
    expect(select('other-sandbox', EXEMPT)).toBe('new');
  });

  it('sends a held result that has no annotation, as Config would show it without the reason', () => {
    expect(
      reportSelector([held('model-a', { annotation: undefined })], DELTA, NOW)('model-a', COMPLIANT),
    ).toBe('changed');
  });

  it.each<[string, Partial<HeldResult>]>([
    ['no compliance type', { compliance: undefined }],
    ['INSUFFICIENT_DATA, which a rule cannot send', { compliance: 'INSUFFICIENT_DATA' }],
    ['no recorded time', { recordedAt: undefined }],
    ['an invalid recorded time', { recordedAt: new Date(Number.NaN) }],
  ])('sends a verdict whose held result has %s', (_, fields) => {
    expect(reportSelector([held('model-a', fields)], DELTA, NOW)('model-a', COMPLIANT)).toBe('unreadable');
  });

  it('sends a verdict whose resource Config lists twice, even if both results match', () => {
    const select = reportSelector([held('model-a'), held('model-a')], DELTA, NOW);
    expect(select('model-a', COMPLIANT)).toBe('unreadable');
  });

  it('sends every verdict when the held results could not be read', () => {
    expect(reportSelector(undefined, DELTA, NOW)('model-a', COMPLIANT)).toBe('unreadable');
  });

  it('refreshes a result as old as the refresh period', () => {
    const recordedAt = new Date(NOW.getTime() - 30 * DAY);
    expect(reportSelector([held('model-a', { recordedAt })], DELTA, NOW)('model-a', COMPLIANT)).toBe(
      'refresh',
    );
  });
});

describe('reportSelector in full mode', () => {
  it('sends every verdict, whatever Config holds', () => {
    const select = reportSelector([held('model-a')], { reporting: 'full', refreshDays: 30 }, NOW);
    expect(select('model-a', COMPLIANT)).toBe('full');
    expect(isSent('full')).toBe(true);
  });
});

describe('reportSelector properties', () => {
  it('never skips a verdict whose held result is missing, unreadable or ambiguous', () => {
    const unreadable = fc.oneof(
      fc.record({ compliance: fc.constantFrom(undefined, 'INSUFFICIENT_DATA', 'compliant', '') }),
      fc.record({ recordedAt: fc.constantFrom(undefined, new Date(Number.NaN)) }),
    );
    fc.assert(
      fc.property(
        resourceIds,
        verdicts,
        unreadable,
        fc.array(fc.tuple(resourceIds, verdicts, instants)),
        fc.boolean(),
        instants,
        refreshDays,
        (id, verdict, broken, others, twice, now, days) => {
          const settings: SweepReportingSettings = { reporting: 'delta', refreshDays: days };
          const otherResults: HeldResult[] = others
            .filter(([resourceId]) => resourceId !== id)
            .map(([resourceId, other, recordedAt]) => ({ resourceId, ...other, recordedAt }));
          // Matching the verdict and recorded at the sweep: what would be skipped if it could be trusted.
          const matching = held(id, { ...verdict, recordedAt: now });
          const own = twice ? [matching, matching] : [{ ...matching, ...broken }];
          const select = reportSelector([...otherResults, ...own], settings, now);
          expect(isSent(select(id, verdict))).toBe(true);
          expect(reportSelector(otherResults, settings, now)(id, verdict)).toBe('new');
          expect(reportSelector(undefined, settings, now)(id, verdict)).toBe('unreadable');
        },
      ),
    );
  });

  it('always sends a verdict whose compliance type or annotation differs from the held result', () => {
    fc.assert(
      fc.property(
        resourceIds,
        verdicts,
        verdicts,
        instants,
        instants,
        refreshDays,
        (id, sent, now, recordedAt, at, days) => {
          fc.pre(sent.compliance !== now.compliance || sent.annotation !== now.annotation);
          const select = reportSelector(
            [held(id, { ...sent, recordedAt })],
            { reporting: 'delta', refreshDays: days },
            at,
          );
          expect(select(id, now)).toBe('changed');
        },
      ),
    );
  });

  it('skips an unchanged verdict only while the held result is younger than the refresh period', () => {
    fc.assert(
      fc.property(
        resourceIds,
        verdicts,
        instants,
        fc.integer({ min: 0, max: 400 * DAY }),
        refreshDays,
        (id, verdict, now, age, days) => {
          const recordedAt = new Date(now.getTime() - age);
          const selection = reportSelector(
            [held(id, { ...verdict, recordedAt })],
            { reporting: 'delta', refreshDays: days },
            now,
          )(id, verdict);
          expect(['unchanged', 'refresh']).toContain(selection);
          if (age >= days * DAY) expect(selection).toBe('refresh');
          // Recorded at the sweep itself: never due again at once.
          expect(refreshDue(id, now, now, days)).toBe(false);
        },
      ),
    );
  });

  it('refreshes each resource exactly once a period under daily sweeps, on a day fixed by its ID', () => {
    fc.assert(
      fc.property(resourceIds, fc.integer({ min: 1, max: 60 }), instants, (id, days, start) => {
        let recordedAt = start;
        const refreshedOn: number[] = [];
        for (let day = 1; day <= 3 * days; day += 1) {
          const sweep = new Date(start.getTime() + day * DAY);
          if (refreshDue(id, recordedAt, sweep, days)) {
            refreshedOn.push(day);
            recordedAt = sweep;
          }
        }
        expect(refreshedOn[0]).toBeLessThanOrEqual(days);
        expect(refreshedOn).toHaveLength(3);
        expect(refreshedOn.slice(1).map((day, index) => day - refreshedOn[index]!)).toEqual([days, days]);
      }),
      { numRuns: 50 },
    );
  });

  it('spreads the refreshes of a fleet judged on one day evenly over the period', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.integer({ min: 2, max: 60 }),
        instants,
        (prefix, days, start) => {
          const fleet = Array.from({ length: 1500 }, (_, index) => `${prefix}model-${index}`);
          const perDay = new Array<number>(days).fill(0);
          for (const id of fleet) {
            // The first daily sweep after the resource's first refresh time since `start`.
            const due = latestRefreshTime(id, new Date(start.getTime() + days * DAY), days);
            const day = Math.max(1, Math.ceil((due - start.getTime()) / DAY));
            perDay[day - 1]! += 1;
          }
          const mean = fleet.length / days;
          // Binomial counts: 7 standard deviations either way is never reached by chance.
          const spread = 7 * Math.sqrt(mean) + 2;
          expect(Math.max(...perDay)).toBeLessThanOrEqual(mean + spread);
          expect(Math.min(...perDay)).toBeGreaterThanOrEqual(Math.max(0, mean - spread));
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('refreshesExceedSpread', () => {
  it.each([
    [11, 100, 30, true],
    [10, 100, 30, false],
    [1001, 10_000, 30, true],
    [1000, 10_000, 30, false],
    [359, 10_000, 30, false],
  ])('%i refreshed of %i models with a %i-day period: %p', (refreshed, models, days, exceeds) => {
    expect(refreshesExceedSpread(refreshed, models, days)).toBe(exceeds);
  });
});

describe('SelectionTally', () => {
  it('counts the verdicts skipped, refreshed and sent unread', () => {
    const tally = new SelectionTally();
    const selections: Selection[] = [
      'unchanged',
      'unchanged',
      'refresh',
      'unreadable',
      'new',
      'changed',
      'full',
    ];
    for (const selection of selections) tally.add(selection);
    expect(tally.counts()).toEqual({ unchangedSkipped: 2, refreshed: 1, heldUnreadable: 1 });
  });
});
