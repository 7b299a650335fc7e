import { parseArgs, type ParseArgsConfig } from 'node:util';
import { REGION_NAME } from '../aws/names';
import { UsageError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;
/** Spelt out so that declarations can name it: node:util does not export the types parseArgs returns. */
type ParsedFlags<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>['values'];

/**
 * Strict parsing of a subcommand's flags: unknown flags, missing values and stray positionals are
 * usage errors that say which subcommand's --help to read.
 */
export function parseCommandArgs<T extends Options>(
  command: string,
  args: readonly string[],
  options: T,
  help = `sagemaker-model-vpc ${command} --help`,
): ParsedFlags<T> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(`${describeArgsError(error)}. Run '${help}' for usage.`);
  }
}

/** One of a flag's known values, or a usage error listing them. */
export function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  const match = choices.find((choice) => choice === value);
  if (match === undefined) throw new UsageError(`${flag} '${value}' is not one of ${choices.join(', ')}`);
  return match;
}

/**
 * An empty value is almost always an unset variable (`--subnet-ids "$SUBNETS"`), which would silently
 * turn a check off: it is refused rather than read as "not set".
 */
export function rejectEmpty(flag: string, values: string | readonly string[] | undefined): void {
  if ((typeof values === 'string' ? [values] : values)?.some((value) => value.trim() === ''))
    throw new UsageError(`${flag} is empty: leave the flag out to not use it`);
}

/**
 * node:util's message, without its advice on positionals (no command here takes any), and with the
 * likely cause of a stray `true` or `false`: a switch given a value, as in
 * `--require-network-isolation true`.
 */
function describeArgsError(error: unknown): string {
  const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
  const strayBoolean = /^Unexpected argument '(true|false)'/i.exec(message);
  return strayBoolean
    ? `${strayBoolean[0]}: switches such as --require-network-isolation take no value`
    : message;
}

/** A comma-separated flag that may also be repeated: `--x a,b --x c` is `a,b,c`. */
export function joinRepeated(values: readonly string[] | undefined): string | undefined {
  return values === undefined ? undefined : values.join(',');
}

/** The value, if it is a region name; `source` says where it came from (`--region`). */
export function checkedRegionName(source: string, value: string): string {
  if (!REGION_NAME.test(value))
    throw new UsageError(`${source} '${value}' is not a region name such as eu-west-1`);
  return value;
}
