import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

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

export interface Discovery {
  readonly candidates: readonly TemplateCandidate[];
  readonly unreadable: readonly UnreadablePath[];
}

const TEMPLATE_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const CLOUD_ASSEMBLY_MANIFEST = 'manifest.json';
const CLOUD_ASSEMBLY_TEMPLATE_SUFFIX = '.template.json';

/**
 * Expands the scan's paths into template files: files as given, directories walked (without following
 * symbolic links), and CDK cloud assemblies (`cdk.out`) read through their manifest.
 */
export async function discoverTemplates(paths: readonly string[]): Promise<Discovery> {
  const candidates = new Map<string, TemplateCandidate>();
  const unreadable: UnreadablePath[] = [];
  const add = (candidate: TemplateCandidate): void => {
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
        for (const nested of assembly.nestedAssemblies) await walk(nested);
        return;
      }
      const entries = await readdir(directory, { withFileTypes: true });
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        const path = join(directory, entry.name);
        if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) await walk(path);
        else if (entry.isFile() && TEMPLATE_EXTENSIONS.some((extension) => entry.name.endsWith(extension))) {
          add({ path, mustBeTemplate: false });
        }
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
    if (isDirectory) await walk(path);
    else add({ path, mustBeTemplate: true });
  }
  return { candidates: [...candidates.values()], unreadable };
}

interface CloudAssembly {
  readonly templates: readonly string[];
  readonly nestedAssemblies: readonly string[];
}

/**
 * A directory is a cloud assembly when its manifest.json has `version` and `artifacts` (other tools
 * write manifest.json files too). Every `*.template.json` is read, not only the manifest's stacks:
 * nested stacks' templates are assets the manifest does not list as stacks. Stages are nested
 * assemblies in their own directories.
 */
async function cloudAssemblyOf(directory: string): Promise<CloudAssembly | undefined> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(join(directory, CLOUD_ASSEMBLY_MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(manifest) || typeof manifest.version !== 'string' || !isRecord(manifest.artifacts))
    return undefined;
  const entries = await readdir(directory, { withFileTypes: true });
  const templates = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(CLOUD_ASSEMBLY_TEMPLATE_SUFFIX))
    .map((entry) => join(directory, entry.name))
    .sort();
  const nestedAssemblies = Object.values(manifest.artifacts)
    .filter((artifact) => isRecord(artifact) && artifact.type === 'cdk:cloud-assembly')
    .map((artifact) => (artifact as { properties?: { directoryName?: unknown } }).properties?.directoryName)
    .filter((name): name is string => typeof name === 'string')
    .map((name) => join(directory, name));
  return { templates, nestedAssemblies };
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
