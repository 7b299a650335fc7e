import type { CliIo } from '../../../cli/process-io';

export interface CapturedIo {
  readonly io: CliIo;
  stdout(): string;
  stderr(): string;
}

/** A CliIo that records what the CLI prints; piped (not a terminal) unless told otherwise. */
export function captureIo(
  terminal: { stdout?: boolean; stderr?: boolean; columns?: number } = {},
): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      stdoutIsTTY: terminal.stdout ?? false,
      stderrIsTTY: terminal.stderr ?? false,
      ...(terminal.columns !== undefined && { stderrColumns: terminal.columns }),
      env: {},
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
