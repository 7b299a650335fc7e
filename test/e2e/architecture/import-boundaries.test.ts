import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The lint rules that keep the architecture (eslint.config.mjs) refuse what they promise to refuse:
 * each probe is linted as the text of an existing file of that folder, all in one ESLint process (its
 * ES-module config cannot load inside jest, and type information takes seconds to start).
 */
const ROOT = path.resolve(__dirname, '../../..');

const LINT_PROBES = `
import { ESLint } from 'eslint';
const probes = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const found = [];
for (const [filePath, code] of probes) {
  const [result] = await eslint.lintText(code, { filePath });
  found.push(result.messages.map((message) => message.ruleId ?? message.message));
}
console.log(JSON.stringify(found));
`;

const EVALUATOR_PROBES: ReadonlyArray<[what: string, statement: string, rule: string]> = [
  ['a Node.js built-in', "import { createHash } from 'crypto';", 'import-x/no-nodejs-modules'],
  ['a node: module', "import { readFileSync } from 'node:fs';", 'import-x/no-nodejs-modules'],
  ['a package', "import { parse } from 'yaml';", 'no-restricted-imports'],
  ['the AWS SDK', "import { SageMakerClient } from '@aws-sdk/client-sagemaker';", 'no-restricted-imports'],
  ['aws/', "import { REGION_NAME } from '../aws/names';", 'import-x/no-restricted-paths'],
];
const FRONT_END_PROBES: ReadonlyArray<[file: string, statement: string]> = [
  ['aws/names.ts', "import { main } from '../cli/main';"],
  ['lambda/handler.ts', "import { createHookHandler } from '../hook/handler';"],
  ['cli/main.ts', "import { buildApp } from '../app/app';"],
  ['lib/index.ts', "import { buildApp } from '../app/app';"],
  ['aws/names.ts', "import { DEFAULT_TIMEOUT_MINUTES } from '../settings/rule-function';"],
  ['settings/hook-function.ts', "import { REGION_NAME } from '../aws/names';"],
  ['policy/iam-policy.ts', "import { RULE_HANDLER } from '../lib/lambda-entries';"],
  ['hook/handler.ts', "import { handler } from '../lambda/handler';"],
  ['bench/stats.ts', "import { fakeConfig } from '../test/support/fake-aws';"],
];
const OWN_MODULE =
  "import { isValidNetworkId } from './network-ids';\nexport const probe = isValidNetworkId;\n";

describe('the import boundaries lint enforces', () => {
  let refusals: string[][];

  beforeAll(() => {
    const probes = [
      ...EVALUATOR_PROBES.map(([, statement]) => ['evaluator/annotation.ts', statement]),
      ...FRONT_END_PROBES,
      ['evaluator/annotation.ts', OWN_MODULE],
    ].map(([file, statement]) => [path.join(ROOT, file!), `${statement}\nexport const probe = 1;\n`]);
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', LINT_PROBES, JSON.stringify(probes)],
      { cwd: ROOT, encoding: 'utf8', timeout: 150_000 },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    refusals = JSON.parse(run.stdout) as string[][];
  }, 170_000);

  it.each(EVALUATOR_PROBES.map((probe, index) => [...probe, index] as const))(
    'keeps %s out of the evaluator',
    (_what, _statement, rule, index) => {
      expect(refusals[index]).toContain(rule);
    },
  );

  it.each(FRONT_END_PROBES.map((probe, index) => [...probe, EVALUATOR_PROBES.length + index] as const))(
    'refuses, in %s, an import across a boundary: %s',
    (_file, _statement, index) => {
      expect(refusals[index]).toContain('import-x/no-restricted-paths');
    },
  );

  it('accepts the evaluator importing its own modules', () => {
    expect(refusals.at(-1)).toEqual([]);
  });
});
