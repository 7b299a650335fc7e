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
import { writePlanFiles } from '../../../cli/plan-fix/plan-files';

const REPLACEMENT = { ModelName: 'scorer-vpc', PrimaryContainer: { Environment: { TOKEN: 'secret' } } };
const BACKOUT = { ModelName: 'scorer' };

describe('plan files', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'plan-files-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  const modeOf = (path: string): number => statSync(path).mode & 0o777;

  it('replaces an existing world-readable file with an owner-only one', () => {
    const out = join(directory, 'plan.json');
    writeFileSync(out, 'old', { mode: 0o644 });
    const { ino: oldFile } = statSync(out);
    expect(modeOf(out)).toBe(0o644);

    const files = writePlanFiles(out, REPLACEMENT, BACKOUT);
    expect(files).toEqual({ replacement: out, backout: join(directory, 'plan.backout.json') });
    expect(modeOf(files.replacement)).toBe(0o600);
    expect(modeOf(files.backout)).toBe(0o600);
    // A new file renamed into place: the old one was never opened, so never held secrets at 0644.
    expect(statSync(out).ino).not.toBe(oldFile);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(REPLACEMENT);
    expect(readdirSync(directory).sort()).toEqual(['plan.backout.json', 'plan.json']);
  });

  it('replaces a symbolic link at the target instead of writing through it', () => {
    const elsewhere = join(directory, 'elsewhere.txt');
    writeFileSync(elsewhere, 'untouched', { mode: 0o644 });
    const out = join(directory, 'plan.json');
    symlinkSync(elsewhere, out);

    writePlanFiles(out, REPLACEMENT, BACKOUT);
    expect(lstatSync(out).isSymbolicLink()).toBe(false);
    expect(modeOf(out)).toBe(0o600);
    expect(readFileSync(elsewhere, 'utf8')).toBe('untouched');
    expect(modeOf(elsewhere)).toBe(0o644);
  });

  it('names what it wrote when the second file fails, and leaves no temporary file', () => {
    const out = join(directory, 'plan.json');
    mkdirSync(join(directory, 'plan.backout.json', 'occupied'), { recursive: true });

    expect(() => writePlanFiles(out, REPLACEMENT, BACKOUT)).toThrow(
      new RegExp(`^wrote ${out} but could not write the plan files: `),
    );
    expect(readdirSync(directory).sort()).toEqual(['plan.backout.json', 'plan.json']);
  });

  it('writes nothing when the directory does not exist', () => {
    const out = join(directory, 'missing', 'plan.json');
    expect(() => writePlanFiles(out, REPLACEMENT, BACKOUT)).toThrow(/ENOENT/);
    expect(readdirSync(directory)).toEqual([]);
  });
});
