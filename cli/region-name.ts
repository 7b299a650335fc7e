import { UsageError } from './usage-error';

/** Commercial, China, GovCloud and ISO partitions alike: `us-east-1`, `cn-north-1`, `us-gov-west-1`. */
const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** The value, if it is a region name; `source` says where it came from (`--region`). */
export function checkedRegionName(source: string, value: string): string {
  if (!REGION_NAME.test(value))
    throw new UsageError(`${source} '${value}' is not a region name such as eu-west-1`);
  return value;
}
