import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPlanTargets, planFilesFor, writePlanFiles } from '../../../cli/plan-fix/plan-files';
import { UsageError } from '../../../cli/errors';

const REPLACEMENT = { ModelName: 'scorer-vpc', PrimaryContainer: { Environment: { TOKEN: 'secret' } } };
const BACKOUT = { ModelName: 'scorer' };

describe('plan files', () => {
  let directory: string;
  let out: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'plan-files-'));
    out = join(directory, 'plan.json');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const modeOf = (path: string): number => statSync(path).mode & 0o777;

  it('names the backout file after the replacement file', () => {
    expect(planFilesFor(out)).toEqual({ replacement: out, backout: join(directory, 'plan.backout.json') });
    expect(planFilesFor('plan').backout).toBe('plan.backout.json');
  });

  it('writes two new owner-only files and no temporary file', () => {
    const files = planFilesFor(out);
    checkPlanTargets(files, false);
    writePlanFiles(files, REPLACEMENT, BACKOUT, false);
    expect(modeOf(files.replacement)).toBe(0o600);
    expect(modeOf(files.backout)).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(REPLACEMENT);
    expect(readdirSync(directory).sort()).toEqual(['plan.backout.json', 'plan.json']);
  });

  it('refuses an existing file, or a symbolic link even to nothing, unless forced, naming it', () => {
    writeFileSync(out, 'old');
    expect(() => checkPlanTargets(planFilesFor(out), false)).toThrow(
      new UsageError(`${out} already exists; pass --force to replace it`),
    );
    rmSync(out);
    symlinkSync(join(directory, 'nothing-here'), join(directory, 'plan.backout.json'));
    expect(() => checkPlanTargets(planFilesFor(out), false)).toThrow(
      `${join(directory, 'plan.backout.json')} already exists; pass --force to replace it`,
    );
    expect(() => checkPlanTargets(planFilesFor(out), true)).not.toThrow();
  });

  it('never replaces a directory or a device, even when forced', () => {
    mkdirSync(out);
    for (const force of [false, true]) {
      expect(() => checkPlanTargets(planFilesFor(out), force)).toThrow(
        new UsageError(`${out} is a directory; give the path of a file to create`),
      );
    }
    expect(() => checkPlanTargets(planFilesFor('/dev/null'), true)).toThrow(
      '/dev/null is a character device; --force replaces only a file or a symbolic link',
    );
  });

  it('fails rather than overwrites when a file appears after the check, and keeps nothing of its own', () => {
    const files = planFilesFor(out);
    checkPlanTargets(files, false);
    writeFileSync(files.backout, 'appeared meanwhile', { mode: 0o644 });
    expect(() => writePlanFiles(files, REPLACEMENT, BACKOUT, false)).toThrow(
      new Error(`cannot write ${files.backout}: it already exists; pass --force to replace it`),
    );
    expect(readFileSync(files.backout, 'utf8')).toBe('appeared meanwhile');
    expect(readdirSync(directory)).toEqual(['plan.backout.json']);
  });

  it('with --force, replaces an existing world-readable file with an owner-only one', () => {
    writeFileSync(out, 'old', { mode: 0o644 });
    const { ino: oldFile } = statSync(out);
    writePlanFiles(planFilesFor(out), REPLACEMENT, BACKOUT, true);
    expect(modeOf(out)).toBe(0o600);
    // A new file renamed into place: the old one was never opened, so never held secrets at 0644.
    expect(statSync(out).ino).not.toBe(oldFile);
    expect(readdirSync(directory).sort()).toEqual(['plan.backout.json', 'plan.json']);
  });

  it.each([false, true])('never writes through a symbolic link at the target (force: %s)', (force) => {
    const elsewhere = join(directory, 'elsewhere.txt');
    writeFileSync(elsewhere, 'untouched', { mode: 0o644 });
    symlinkSync(elsewhere, out);

    if (force) {
      writePlanFiles(planFilesFor(out), REPLACEMENT, BACKOUT, true);
      expect(lstatSync(out).isSymbolicLink()).toBe(false);
      expect(modeOf(out)).toBe(0o600);
    } else {
      expect(() => writePlanFiles(planFilesFor(out), REPLACEMENT, BACKOUT, false)).toThrow(
        `cannot write ${out}: it already exists`,
      );
      expect(lstatSync(out).isSymbolicLink()).toBe(true);
    }
    expect(readFileSync(elsewhere, 'utf8')).toBe('untouched');
    expect(modeOf(elsewhere)).toBe(0o644);
  });

  it('with --force, names what it wrote when the second file fails', () => {
    mkdirSync(join(directory, 'plan.backout.json', 'occupied'), { recursive: true });
    expect(() => writePlanFiles(planFilesFor(out), REPLACEMENT, BACKOUT, true)).toThrow(
      new Error(`wrote ${out} but cannot write ${join(directory, 'plan.backout.json')}: it is a directory`),
    );
    expect(readdirSync(directory).sort()).toEqual(['plan.backout.json', 'plan.json']);
  });

  it('names the target, not its temporary file, when the directory is gone at the write', () => {
    const missing = join(directory, 'missing', 'plan.json');
    const write = (): void => writePlanFiles(planFilesFor(missing), REPLACEMENT, BACKOUT, false);
    expect(write).toThrow(UsageError);
    expect(write).toThrow(`cannot write ${missing}: no such file or directory`);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('refuses, before any write, a path whose directory is missing or is not a directory', () => {
    const missing = join(directory, 'missing');
    expect(() => checkPlanTargets(planFilesFor(join(missing, 'plan.json')), false)).toThrow(
      new UsageError(`cannot write ${join(missing, 'plan.json')}: ${missing}: no such file or directory`),
    );
    writeFileSync(join(directory, 'file'), '');
    expect(() => checkPlanTargets(planFilesFor(join(directory, 'file', 'plan.json')), true)).toThrow(
      new UsageError(
        `cannot write ${join(directory, 'file', 'plan.json')}: ${join(directory, 'file')} is not a directory`,
      ),
    );
  });

  it('refuses a path that ends in a separator: it names a directory, not a file', () => {
    expect(() => planFilesFor(`${directory}/`)).toThrow(
      new UsageError(`--out ${directory}/ names a directory; give the path of a file to create`),
    );
    expect(() => planFilesFor('newdir/')).toThrow(UsageError);
  });
});
