#!/usr/bin/env node
import { buildApp } from '../app/app';

/**
 * Run by the CDK CLI (cdk.json). The app is synthesized here rather than when the process exits, so
 * that whatever stops it (a bad context value, a failed validation) is caught: the user gets one line,
 * `error: <message>`, and exit code 1, not a stack trace. `cdk --debug` sets CDK_DEBUG, and then the
 * stack trace is printed too.
 */
try {
  buildApp({ autoSynth: false }).app.synth();
} catch (error) {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.CDK_DEBUG === 'true' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
}
