import { EXIT_ERROR } from './report';

/** The process boundary of every subcommand, injected so tests can run the CLI in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width, when stderr is one. */
  stderrColumns?: number;
  env: NodeJS.ProcessEnv;
}

/** Once set, the exit code is 2 whatever the command decides. */
let failed = false;

/**
 * The real process streams. Exit code 1 means "non-compliant", so no failure may end in it: a broken
 * stdout, an unhandled rejection or an uncaught exception each exit 2, with one line on stderr.
 * A reader that stops early (`| head`) closes the pipe: the report was written, so the exit code the
 * command decides stands, and nothing more is written.
 */
export function processIo(): CliIo {
  let stdoutOpen = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    stdoutOpen = false;
    if (error.code !== 'EPIPE') failProcess('cannot write to stdout', error);
  });
  // A closed stderr must not turn into an uncaught exception (exit code 1) either.
  process.stderr.on('error', () => undefined);
  process.on('uncaughtException', (error) => exitOnFailure('unexpected failure', error));
  process.on('unhandledRejection', (error) => exitOnFailure('unexpected failure', error));
  return {
    stdout: (text) => {
      if (stdoutOpen) process.stdout.write(text);
    },
    stderr: (text) => writeStderr(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stderrColumns: process.stderr.columns,
    env: process.env,
  };
}

/** Sets exit code 2, whatever the command decides afterwards. */
export function failProcess(what: string, error: unknown): void {
  failed = true;
  process.exitCode = EXIT_ERROR;
  writeStderr(`error: ${what} (${kindOf(error)})\n`);
}

/** The command's exit code, unless the process has already failed. */
export function exitWith(code: number): void {
  process.exitCode = failed ? EXIT_ERROR : code;
}

function exitOnFailure(what: string, error: unknown): void {
  failProcess(what, error);
  process.exit(EXIT_ERROR);
}

/** The error's name and code only: a message can quote a template. */
function kindOf(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? `${error.name} ${code}` : error.name;
}

function writeStderr(text: string): void {
  try {
    process.stderr.write(text);
  } catch {
    // Nowhere left to report to; the exit code still tells.
  }
}
