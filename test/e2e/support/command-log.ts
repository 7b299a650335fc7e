import type { SageMakerClient } from '@aws-sdk/client-sagemaker';

export interface RecordedCommand {
  readonly command: string;
  readonly input: unknown;
}

/** Records every command the client sends, before anything else in the stack sees it. */
export function recordCommands(client: SageMakerClient): RecordedCommand[] {
  const log: RecordedCommand[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      log.push({ command: context.commandName ?? 'unknown', input: structuredClone(args.input) });
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'e2eCommandLog' },
  );
  return log;
}
