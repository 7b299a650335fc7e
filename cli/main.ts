import { describeError } from '../aws/call-errors';
import type { CliIo } from './process-io';
import { singleLine } from './report/control-characters';
import { EXIT_ERROR } from './report';
import { TOOL_NAME, toolVersion } from './tool';
import { UsageError } from './errors';

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Loaded on demand, so `scan` never pays for the AWS SDK and `audit` never for template parsing. */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  audit: async () => (await import('./audit/command')).runAuditCommand,
  'plan-fix': async () => (await import('./plan-fix/command')).runPlanFixCommand,
  policy: async () => (await import('./policy/command')).runPolicyCommand,
  scan: async () => (await import('./scan/command')).runScanCommand,
};

export const MAIN_HELP = `Usage: ${TOOL_NAME} <command> [options]

Keeps SageMaker models inside a VPC, with the same evaluator and parameters as the AWS Config rule.

Commands:
  audit      judge every model in an account's regions (read-only)
  plan-fix   print the create-model input of a VPC-bound replacement for a model (read-only)
  policy     print the rule's parameters as an SCP or permissions boundary denying non-compliant models
  scan       judge the models in CloudFormation/CDK templates before deployment

Run '${TOOL_NAME} <command> --help' for a command's options.
`;

/** The whole CLI: returns the exit code instead of exiting, so tests can run it in-process. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(MAIN_HELP);
    return 0;
  }
  if (command === '--version') {
    io.stdout(`${toolVersion()}\n`);
    return 0;
  }
  const load = command === undefined ? undefined : COMMANDS[command];
  if (!load) {
    io.stderr(
      `${command === undefined ? 'error: no command given' : `error: unknown command '${singleLine(command)}'`}\n\n${MAIN_HELP}`,
    );
    return EXIT_ERROR;
  }
  try {
    return await (
      await load()
    )(args, io);
  } catch (error) {
    io.stderr(`error: ${singleLine(error instanceof UsageError ? error.message : describeError(error))}\n`);
    return EXIT_ERROR;
  }
}
