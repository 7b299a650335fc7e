#!/usr/bin/env node
import '../aws/node-support-notice';
import { main } from '../cli/main';
import { exitWith, failProcess, processIo } from '../cli/process-io';

main(process.argv.slice(2), processIo()).then(exitWith, (error: unknown) =>
  failProcess('unexpected failure', error),
);
