import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { isPlainObject } from '../../evaluator/model-facts';
import { describeFsError, describeKind } from '../file-system';
import type { ReportWarning } from '../report/report-meta';
import { MAX_TEMPLATE_BYTES } from './limits';
import { readRegularFile } from './regular-file';

/**
 * A file to scan. A file named on the command line or found in a cloud assembly must be a template;
 * one found by walking a directory is only scanned if it turns out to be one.
 */
export interface TemplateCandidate {
  readonly path: string;
  readonly mustBeTemplate: boolean;
}

/** A path that could not be read at all. */
export interface UnreadablePath {
  readonly path: string;
  readonly problem: string;
}

/** A directory named on the command line, and every file found under it. */
export interface SearchedDirectory {
  readonly path: string;
  readonly files: readonly string[];
}

export interface Discovery {
  readonly candidates: readonly TemplateCandidate[];
  readonly unreadable: readonly UnreadablePath[];
  /** Those that could be read; the scan reports one that holds no template. */
  readonly directories: readonly SearchedDirectory[];
  /** Entries found while walking that look like templates but cannot be read as files. */
  readonly skipped: readonly ReportWarning[];
}

const TEMPLATE_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const CLOUD_ASSEMBLY_MANIFEST = 'manifest.json';
const CLOUD_ASSEMBLY_TEMPLATE_SUFFIX = '.template.json';
const STACK_ARTIFACT = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY_ARTIFACT = 'cdk:cloud-assembly';

/** What a directory entry is, symbolic links followed. */
type EntryKind =
  | { readonly kind: 'file' }
  | { readonly kind: 'directory' }
  | { readonly kind: 'other'; readonly problem: string };

/** What walking one directory found in it, files by the path they are scanned under. */
interface DirectoryContents {
  readonly files: string[];
  /** Identities of the directories it leads to: subdirectories, linked ones, nested assemblies. */
  readonly directories: string[];
}

/**
 * Expands the scan's paths into template files: files as given, directories walked, and CDK cloud
 * assemblies (`cdk.out`) read through their manifest. Symbolic links are followed, and an entry with a
 * template's name that is not a regular file (a FIFO, a device, a broken link) is reported as skipped.
 * Directories and files are known by device and inode: each directory is walked once whatever the
 * links or overlapping paths that lead to it (so a link loop ends), each file is scanned once, under the
 * first path found, and every directory named on the command line is credited with every file it
 * reaches, even through a directory another path walked first (`scan top top/sub`).
 */
export async function discoverTemplates(paths: readonly string[]): Promise<Discovery> {
  const candidates = new Map<string, TemplateCandidate>();
  const unreadable: UnreadablePath[] = [];
  const directories: SearchedDirectory[] = [];
  const skipped: ReportWarning[] = [];
  const walked = new Map<string, DirectoryContents>();

  /** The path the file is scanned under: the first one found for it. */
  const add = async (candidate: TemplateCandidate): Promise<string> => {
    const identity = await fileIdentity(candidate.path);
    const known = candidates.get(identity);
    if (known === undefined) candidates.set(identity, candidate);
    else if (candidate.mustBeTemplate && !known.mustBeTemplate)
      candidates.set(identity, { path: known.path, mustBeTemplate: true });
    return known?.path ?? candidate.path;
  };

  /** The directory's identity, or undefined when it cannot be read. */
  const walk = async (directory: string): Promise<string | undefined> => {
    try {
      const identity = identityOf(await stat(directory));
      if (walked.has(identity)) return identity;
      const contents: DirectoryContents = { files: [], directories: [] };
      walked.set(identity, contents);
      const reach = async (subdirectory: string): Promise<void> => {
        const reached = await walk(subdirectory);
        if (reached !== undefined) contents.directories.push(reached);
      };
      const assembly = await cloudAssemblyOf(directory);
      if (assembly) {
        for (const path of assembly.templates) contents.files.push(await add({ path, mustBeTemplate: true }));
        for (const problem of assembly.problems) unreadable.push(problem);
        for (const warning of assembly.skipped) skipped.push(warning);
        for (const nested of assembly.nestedAssemblies) await reach(nested);
        return identity;
      }
      for (const entry of await sortedEntries(directory)) {
        const path = join(directory, entry.name);
        const kind = await kindOf(directory, entry);
        if (kind.kind === 'directory') {
          if (!SKIPPED_DIRECTORIES.has(entry.name)) await reach(path);
        } else if (hasTemplateExtension(entry.name)) {
          if (kind.kind === 'file') contents.files.push(await add({ path, mustBeTemplate: false }));
          else skipped.push({ location: path, message: `skipped: ${kind.problem}` });
        }
      }
      return identity;
    } catch (error) {
      unreadable.push({ path: directory, problem: describeFsError(error) });
      return undefined;
    }
  };

  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      unreadable.push({ path, problem: describeFsError(error) });
      continue;
    }
    if (!isDirectory) {
      await add({ path, mustBeTemplate: true });
      continue;
    }
    const identity = await walk(path);
    if (identity !== undefined) directories.push({ path, files: filesReachedFrom(identity, walked) });
  }
  return { candidates: [...candidates.values()], unreadable, directories, skipped };
}

/** Every file in the directory and in the directories it leads to, loops included. */
function filesReachedFrom(start: string, walked: ReadonlyMap<string, DirectoryContents>): string[] {
  const files: string[] = [];
  const seen = new Set([start]);
  const pending = [start];
  for (let identity = pending.pop(); identity !== undefined; identity = pending.pop()) {
    const contents = walked.get(identity);
    if (contents === undefined) continue;
    for (const file of contents.files) files.push(file);
    for (const next of contents.directories) {
      if (!seen.has(next)) {
        seen.add(next);
        pending.push(next);
      }
    }
  }
  return files;
}

function identityOf({ dev, ino }: { readonly dev: number; readonly ino: number }): string {
  return `${dev}:${ino}`;
}

/** A file that cannot be stat'ed is known by its path; reading it will say what is wrong. */
async function fileIdentity(path: string): Promise<string> {
  try {
    return identityOf(await stat(path));
  } catch {
    return `path:${path}`;
  }
}

async function sortedEntries(directory: string): Promise<Dirent[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/** A symbolic link is what it points to; one that points nowhere (or in a loop) is a problem. */
async function kindOf(directory: string, entry: Dirent): Promise<EntryKind> {
  if (entry.isFile()) return { kind: 'file' };
  if (entry.isDirectory()) return { kind: 'directory' };
  if (!entry.isSymbolicLink())
    return { kind: 'other', problem: `${describeKind(entry)}, not a regular file` };
  try {
    const target = await stat(join(directory, entry.name));
    if (target.isFile()) return { kind: 'file' };
    if (target.isDirectory()) return { kind: 'directory' };
    return { kind: 'other', problem: `a symbolic link to ${describeKind(target)}, not to a regular file` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { kind: 'other', problem: 'a symbolic link in a loop' };
    if (code === 'ENOENT') return { kind: 'other', problem: 'a broken symbolic link' };
    return { kind: 'other', problem: `a symbolic link that cannot be followed: ${describeFsError(error)}` };
  }
}

/** `Stack.YAML` counts: extensions are matched whatever their case. */
function hasTemplateExtension(name: string): boolean {
  const lowerCase = name.toLowerCase();
  return TEMPLATE_EXTENSIONS.some((extension) => lowerCase.endsWith(extension));
}

interface CloudAssembly {
  readonly templates: readonly string[];
  readonly nestedAssemblies: readonly string[];
  readonly problems: readonly UnreadablePath[];
  readonly skipped: readonly ReportWarning[];
}

/**
 * A directory is a cloud assembly when its manifest.json has `version` and `artifacts` (other tools
 * write manifest.json files too). Its stacks' templates are the `templateFile`s of its stack
 * artifacts, each of which must exist; every other `*.template.json` is read too, because nested
 * stacks' templates are assets the manifest does not list as stacks. Stages are nested assemblies in
 * their own directories.
 */
async function cloudAssemblyOf(directory: string): Promise<CloudAssembly | undefined> {
  const manifestPath = join(directory, CLOUD_ASSEMBLY_MANIFEST);
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readRegularFile(manifestPath, MAX_TEMPLATE_BYTES));
  } catch {
    return undefined;
  }
  if (!isPlainObject(manifest) || typeof manifest.version !== 'string' || !isPlainObject(manifest.artifacts))
    return undefined;
  const artifacts = Object.entries(manifest.artifacts).filter(
    (entry): entry is [string, Record<string, unknown>] => isPlainObject(entry[1]),
  );
  const inDirectory = (file: string): string => (isAbsolute(file) ? file : join(directory, file));
  const fileOf = (artifact: Record<string, unknown>, property: string): string | undefined => {
    const value = isPlainObject(artifact.properties) ? artifact.properties[property] : undefined;
    return typeof value === 'string' && value !== '' ? inDirectory(value) : undefined;
  };

  const templates: string[] = [];
  const problems: UnreadablePath[] = [];
  for (const [id, artifact] of artifacts.filter(([, artifact]) => artifact.type === STACK_ARTIFACT)) {
    const templateFile = fileOf(artifact, 'templateFile');
    if (templateFile === undefined)
      problems.push({ path: manifestPath, problem: `stack ${id} names no templateFile` });
    else templates.push(templateFile);
  }
  const skipped: ReportWarning[] = [];
  for (const entry of await sortedEntries(directory)) {
    const path = join(directory, entry.name);
    if (!entry.name.endsWith(CLOUD_ASSEMBLY_TEMPLATE_SUFFIX) || templates.includes(path)) continue;
    const kind = await kindOf(directory, entry);
    if (kind.kind === 'file') templates.push(path);
    else if (kind.kind === 'other') skipped.push({ location: path, message: `skipped: ${kind.problem}` });
  }
  const nestedAssemblies = artifacts
    .filter(([, artifact]) => artifact.type === NESTED_ASSEMBLY_ARTIFACT)
    .map(([, artifact]) => fileOf(artifact, 'directoryName'))
    .filter((path): path is string => path !== undefined);
  return { templates, nestedAssemblies, problems, skipped };
}
