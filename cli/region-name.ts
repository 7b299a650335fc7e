import { REGION_NAME } from '../aws/names';
import { UsageError } from './usage-error';

/** The value, if it is a region name; `source` says where it came from (`--region`). */
export function checkedRegionName(source: string, value: string): string {
  if (!REGION_NAME.test(value))
    throw new UsageError(`${source} '${value}' is not a region name such as eu-west-1`);
  return value;
}
