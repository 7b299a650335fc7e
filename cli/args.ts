import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error';

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
): ParsedFlags<T> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(
      `${describeArgsError(error)}. Run 'sagemaker-model-vpc ${command} --help' for usage.`,
    );
  }
}

/**
 * node:util's message, without its advice on positionals (no command here takes any), and with the
 * likely cause of a stray `true` or `false`: a switch given a value, as in
 * `--require-network-isolation true`.
 */
export function describeArgsError(error: unknown): string {
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
