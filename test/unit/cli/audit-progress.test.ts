import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../../../cli/main';
import { captureIo } from './capture-io';

const ec2 = mockClient(EC2Client);
const sageMaker = mockClient(SageMakerClient);
const SLOW_CALL_MS = 3000;
const later = <T>(value: T): Promise<T> =>
  new Promise((resolve) => setTimeout(() => resolve(value), SLOW_CALL_MS));

beforeEach(() => {
  jest.useFakeTimers();
  ec2.reset();
  sageMaker.reset();
  ec2
    .on(DescribeRegionsCommand)
    .callsFake(() => later({ Regions: [{ RegionName: 'eu-west-1' }, { RegionName: 'us-east-1' }] }));
  sageMaker.on(ListModelsCommand).callsFake(() => later({ Models: [] }));
});
afterEach(() => jest.useRealTimers());

async function auditAllRegions(stderrIsTTY: boolean) {
  const captured = captureIo({ stderr: stderrIsTTY });
  const exit = main(['audit', '--all-regions', '--format', 'json'], captured.io);
  const stderrAt: string[] = [];
  for (let step = 0; step < 3; step += 1) {
    await jest.advanceTimersByTimeAsync(SLOW_CALL_MS - 100);
    stderrAt.push(captured.stderr());
    await jest.advanceTimersByTimeAsync(100);
  }
  return { code: await exit, stderrAt, stderr: captured.stderr() };
}

describe('audit --all-regions progress', () => {
  it('shows on a terminal while it lists the regions, then per region, and clears the line', async () => {
    const run = await auditAllRegions(true);
    expect(run.code).toBe(0);
    expect(run.stderrAt[0]).toContain('Listing the regions enabled in the account…');
    expect(run.stderrAt[1]).toContain(
      'Auditing 2 regions: 0 of 2 done, 0 models judged; now eu-west-1, us-east-1',
    );
    expect(run.stderr.endsWith('\r\x1b[K')).toBe(true);
  });

  it('stays quiet when stderr is piped', async () => {
    const run = await auditAllRegions(false);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});

describe('audit region names from the API', () => {
  it('refuses a DescribeRegions answer that is not a region name, without writing it raw', async () => {
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1\u001b[2J' }] });
    const captured = captureIo({ stderr: true });
    const code = await main(['audit', '--all-regions', '--format', 'json'], captured.io);
    expect(code).toBe(2);
    expect(captured.stderr()).toContain('EC2 DescribeRegions returned');
    expect(captured.stderr()).not.toContain('\u001b[2J');
  });
});
