import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { awsCall } from '../../aws/call-errors';
import { awsClientOptions } from '../../aws/client-options';
import { REGION_NAME } from '../../aws/names';
import { configuredRegion } from '../sagemaker';
import { UsageError } from '../errors';
import type { RegionChoice } from './options';

/** Where DescribeRegions is asked when the credential chain names no region. */
const FALLBACK_REGION = 'us-east-1';

export async function resolveRegions(
  choice: RegionChoice,
  profile: string | undefined,
): Promise<readonly string[]> {
  switch (choice.kind) {
    case 'listed':
      return choice.regions;
    case 'default': {
      const region = await configuredRegion(profile);
      if (region === undefined) {
        throw new UsageError(
          'no region given: pass --region or --all-regions, or set AWS_REGION or a profile region',
        );
      }
      return [region];
    }
    case 'all-enabled':
      return enabledRegions(profile);
  }
}

/** The regions the account can use: opted-in ones and those that need no opt-in. */
async function enabledRegions(profile: string | undefined): Promise<readonly string[]> {
  const client = new EC2Client({
    ...awsClientOptions(),
    region: (await configuredRegion(profile)) ?? FALLBACK_REGION,
    ...(profile !== undefined && { profile }),
  });
  let response;
  try {
    response = await awsCall('DescribeRegions', () =>
      client.send(new DescribeRegionsCommand({ AllRegions: false })),
    );
  } finally {
    client.destroy();
  }
  const regions = (response.Regions ?? [])
    .filter((region) => region.OptInStatus !== 'not-opted-in')
    .map((region) => region.RegionName)
    .filter((name): name is string => typeof name === 'string')
    .sort();
  const odd = regions.find((name) => !REGION_NAME.test(name));
  if (odd !== undefined) throw new Error(`EC2 DescribeRegions returned '${odd}', which is not a region name`);
  if (regions.length === 0) throw new Error('EC2 DescribeRegions returned no enabled region');
  return regions;
}
