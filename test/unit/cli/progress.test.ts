import { AuditProgress } from '../../../cli/progress';
import { captureIo } from './capture-io';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** The lines drawn so far, each redraw being `\r\x1b[K` and the new text. */
const drawnLines = (stderr: string): string[] => stderr.split('\r\x1b[K').filter((line) => line !== '');

describe('audit progress on a terminal', () => {
  it('shows, after a quiet first second, that it is listing regions while nothing else happens', () => {
    const captured = captureIo({ stderr: true });
    const progress = new AuditProgress(captured.io);
    progress.listingRegions();
    jest.advanceTimersByTime(900);
    expect(captured.stderr()).toBe('');
    jest.advanceTimersByTime(5000);
    expect(drawnLines(captured.stderr())).toEqual(['Listing the regions enabled in the account…']);
    progress.finish();
    expect(captured.stderr().endsWith('\r\x1b[K')).toBe(true);
  });

  it('then shows each region: how many are done, which are in progress, how many models are judged', () => {
    const captured = captureIo({ stderr: true });
    const progress = new AuditProgress(captured.io);
    progress.auditing(['eu-west-1', 'us-east-1', 'ap-southeast-2']);
    progress.regionStarted('eu-west-1');
    progress.regionStarted('us-east-1');
    progress.modelJudged();
    jest.advanceTimersByTime(1200);
    progress.regionFinished('eu-west-1');
    progress.modelJudged();
    jest.advanceTimersByTime(200);
    progress.finish();
    expect(drawnLines(captured.stderr())).toEqual([
      'Auditing 3 regions: 0 of 3 done, 1 model judged; now eu-west-1, us-east-1',
      'Auditing 3 regions: 1 of 3 done, 2 models judged; now us-east-1',
    ]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('names a single region, and never draws a line wider than the terminal', () => {
    const captured = captureIo({ stderr: true, columns: 20 });
    const progress = new AuditProgress(captured.io);
    progress.auditing(['eu-west-1']);
    jest.advanceTimersByTime(1200);
    progress.finish();
    expect(drawnLines(captured.stderr())).toEqual(['Auditing eu-west-1…']);
  });

  it.each([0, -1])('shows the whole line when the terminal reports a width of %i', (columns) => {
    const captured = captureIo({ stderr: true, columns });
    const progress = new AuditProgress(captured.io);
    progress.auditing(['eu-west-1']);
    jest.advanceTimersByTime(1200);
    progress.finish();
    expect(drawnLines(captured.stderr())).toEqual(['Auditing eu-west-1: 0 models judged']);
  });
});

describe('audit progress when stderr is not a terminal', () => {
  it('writes nothing and keeps no timer', () => {
    const captured = captureIo({ stderr: false });
    const progress = new AuditProgress(captured.io);
    expect(jest.getTimerCount()).toBe(0);
    progress.listingRegions();
    progress.auditing(['eu-west-1', 'us-east-1']);
    progress.modelJudged();
    jest.advanceTimersByTime(10_000);
    progress.finish();
    expect(captured.stderr()).toBe('');
  });
});
