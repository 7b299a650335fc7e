import { SweepProgress } from '../../../cli/progress';
import { captureIo } from './capture-io';

function progressAt(times: number[], stderrIsTTY: boolean) {
  const captured = captureIo({ stderr: stderrIsTTY });
  const clock = [...times];
  const progress = new SweepProgress(captured.io, 2, () => clock.shift() ?? 0);
  return { captured, progress };
}

describe('sweep progress', () => {
  it('stays quiet for the first second, then redraws one line at most every 200 ms and clears it', () => {
    const { captured, progress } = progressAt([0, 500, 1000, 1100, 1300], true);
    for (let model = 0; model < 4; model += 1) progress.modelJudged();
    progress.finish();
    expect(captured.stderr()).toBe(
      '\r\x1b[KAuditing 2 regions: 2 models judged\r\x1b[KAuditing 2 regions: 4 models judged\r\x1b[K',
    );
    expect(captured.stdout()).toBe('');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const { captured, progress } = progressAt([0, 5000, 6000], false);
    progress.modelJudged();
    progress.modelJudged();
    progress.finish();
    expect(captured.stderr()).toBe('');
  });
});
