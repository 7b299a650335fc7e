import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { isPlainObject } from '../../evaluator/plain-object';

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
}

const TEMPLATE_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const CLOUD_ASSEMBLY_MANIFEST = 'manifest.json';
const CLOUD_ASSEMBLY_TEMPLATE_SUFFIX = '.template.json';
const STACK_ARTIFACT = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY_ARTIFACT = 'cdk:cloud-assembly';

/**
 * Expands the scan's paths into template files: files as given, directories walked (without following
 * symbolic links), and CDK cloud assemblies (`cdk.out`) read through their manifest.
 */
export async function discoverTemplates(paths: readonly string[]): Promise<Discovery> {
  const candidates = new Map<string, TemplateCandidate>();
  const unreadable: UnreadablePath[] = [];
  const directories: SearchedDirectory[] = [];
  let found: string[] = [];
  const add = (candidate: TemplateCandidate): void => {
    found.push(candidate.path);
    const known = candidates.get(candidate.path);
    if (!known || (!known.mustBeTemplate && candidate.mustBeTemplate))
      candidates.set(candidate.path, candidate);
  };

  const visited = new Set<string>();
  const walk = async (directory: string): Promise<void> => {
    if (visited.has(directory)) return;
    visited.add(directory);
    try {
      const assembly = await cloudAssemblyOf(directory);
      if (assembly) {
        assembly.templates.forEach((path) => add({ path, mustBeTemplate: true }));
        unreadable.push(...assembly.problems);
        for (const nested of assembly.nestedAssemblies) await walk(nested);
        return;
      }
      const entries = await readdir(directory, { withFileTypes: true });
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        const path = join(directory, entry.name);
        if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) await walk(path);
        else if (entry.isFile() && hasTemplateExtension(entry.name)) add({ path, mustBeTemplate: false });
      }
    } catch (error) {
      unreadable.push({ path: directory, problem: describeFsError(error) });
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
      add({ path, mustBeTemplate: true });
      continue;
    }
    found = [];
    const problemsBefore = unreadable.length;
    await walk(path);
    const rootUnreadable = unreadable.slice(problemsBefore).some((problem) => problem.path === path);
    if (!rootUnreadable) directories.push({ path, files: found });
  }
  return { candidates: [...candidates.values()], unreadable, directories };
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
    manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
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
  const entries = await readdir(directory, { withFileTypes: true });
  const otherTemplates = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(CLOUD_ASSEMBLY_TEMPLATE_SUFFIX))
    .map((entry) => join(directory, entry.name))
    .filter((path) => !templates.includes(path))
    .sort();
  const nestedAssemblies = artifacts
    .filter(([, artifact]) => artifact.type === NESTED_ASSEMBLY_ARTIFACT)
    .map(([, artifact]) => fileOf(artifact, 'directoryName'))
    .filter((path): path is string => path !== undefined);
  return { templates: [...templates, ...otherTemplates], nestedAssemblies, problems };
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}
