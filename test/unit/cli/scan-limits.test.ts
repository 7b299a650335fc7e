import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_NESTING_DEPTH } from '../../../cli/scan/limits';
import { scan } from './run-scan';

const MODEL_WITHOUT_VPC = 'Resources:\n  Bare:\n    Type: AWS::SageMaker::Model\n';
const TOO_DEEP = MAX_NESTING_DEPTH + 1;

let workspace: string;
beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'scan-limits-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const full = join(workspace, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return full;
}

const deepJson = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepYaml = (depth: number): string => `Resources:\n  X:\n    ${'- '.repeat(depth)}x\n`;

describe('scan of files nested deeper than any template', () => {
  it.each([
    ['deep.json', deepJson(TOO_DEEP), 1],
    ['deep.yaml', deepYaml(TOO_DEEP), 3],
    ['deep-object.json', `{"Resources": ${'{"a":'.repeat(TOO_DEEP)}1${'}'.repeat(TOO_DEEP)}}`, 1],
  ])('refuses a named %s before building its data, as an ERROR with the line', async (name, text, line) => {
    const path = write(name, text);
    const result = await scan(path);
    expect(result.exitCode).toBe(2);
    expect(result.findings).toEqual([
      expect.objectContaining({
        location: path,
        line,
        compliance: 'ERROR',
        reasons: [
          `not scanned: it nests deeper than ${MAX_NESTING_DEPTH} levels (at line ${line}), which no template does`,
        ],
      }),
    ]);
  });

  it('accepts a template exactly at the limit', async () => {
    const path = write('limit.json', `{"Resources": {}, "Metadata": ${deepJson(MAX_NESTING_DEPTH - 1)}}`);
    expect((await scan(path)).exitCode).toBe(0);
  });

  it('skips a deep data file found in a directory with a note, and still judges the templates there', async () => {
    const deep = write('data/deep.json', deepJson(10_000));
    const template = write('stack.yaml', MODEL_WITHOUT_VPC);
    const result = await scan(workspace);
    expect(result.exitCode).toBe(1);
    expect(result.findings).toEqual([expect.objectContaining({ location: template })]);
    expect(result.warnings).toEqual([
      {
        location: deep,
        line: 1,
        message: `skipped: it nests deeper than ${MAX_NESTING_DEPTH} levels (at line 1), which no template does`,
      },
    ]);
  });

  it('judges two 100,000-deep templates in one run without aborting', async () => {
    const first = write('first.yaml', deepYaml(100_000));
    const second = write('second.json', `{"AWSTemplateFormatVersion": ${deepJson(100_000)}}`);
    const result = await scan(first, second);
    expect(result.exitCode).toBe(2);
    expect(result.findings.map((finding) => [finding.location, finding.compliance])).toEqual([
      [first, 'ERROR'],
      [second, 'ERROR'],
    ]);
  });
});
