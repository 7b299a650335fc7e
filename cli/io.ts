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
