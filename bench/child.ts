import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface ChildResult {
  readonly importMs: number;
  readonly invokeMs: number;
  readonly maxRssMb: number;
  readonly summary: {
    readonly modelsSwept: number;
    readonly notJudged: number;
    readonly staleResultsCleared: number;
    readonly counts: Record<string, number>;
  };
}

export interface ChildOptions {
  readonly endpoint: string;
  readonly kind: 'change' | 'scheduled' | 'pass';
  /** With `pass`: the time each invocation has left when it starts. */
  readonly remainingMs?: number;
  /** Further variables for the function's environment (its settings). */
  readonly environment?: Readonly<Record<string, string>>;
  /** V8 heap cap in MB, as a Lambda function of a given memory size would have. */
  readonly maxOldSpaceMb?: number;
}

/** Runs bench/handler-child.mjs in a fresh Node.js process against `endpoint`. */
export function runHandlerInFreshProcess(bundleEntry: string, options: ChildOptions): Promise<ChildResult> {
  return runChild(bundleEntry, options);
}

export interface PassResult {
  readonly maxRssMb: number;
  readonly sweeps: ReadonlyArray<{
    readonly invokeMs: number;
    readonly summary: ChildResult['summary'] & {
      readonly passComplete?: boolean;
      readonly notJudged: number;
    };
  }>;
}

/** Sweeps in one fresh process until the pass over the fleet is complete. */
export function runPassInFreshProcess(
  bundleEntry: string,
  options: Omit<ChildOptions, 'kind'>,
): Promise<PassResult> {
  return runChild(bundleEntry, { ...options, kind: 'pass' });
}

function runChild<Result>(bundleEntry: string, options: ChildOptions): Promise<Result> {
  const args = [
    ...(options.maxOldSpaceMb ? [`--max-old-space-size=${options.maxOldSpaceMb}`] : []),
    path.join(__dirname, 'handler-child.mjs'),
    bundleEntry,
    options.kind,
    ...(options.remainingMs !== undefined ? [String(options.remainingMs)] : []),
  ];
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH,
      AWS_ENDPOINT_URL: options.endpoint,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      NODE_NO_WARNINGS: '1',
      ...options.environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`handler process exited with ${code}: ${stderr.slice(-2000)}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Result);
    });
  });
}
