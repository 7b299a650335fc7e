#!/usr/bin/env -S npx tsx
import { main } from '../cli/main';
import { processIo } from '../cli/process-io';

main(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
