import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface MotoServer {
  /** `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

export class MotoMissingError extends Error {
  constructor() {
    super(
      'moto_server was not found on PATH. The end-to-end tests, the demo and the benchmarks need the local ' +
        'AWS emulator: install it with  pip install "moto[server]"  (Python 3.9 or later), then run again.',
    );
    this.name = 'MotoMissingError';
  }
}

/** moto_server imports a large Python package on start: allow for a busy machine. */
const START_TIMEOUT_MS = 90_000;

/** Starts moto_server on a free loopback port and waits until it answers. */
export async function startMotoServer(
  command = process.env.MOTO_SERVER ?? 'moto_server',
): Promise<MotoServer> {
  if (spawnSync(command, ['--help'], { stdio: 'ignore' }).error) throw new MotoMissingError();
  const port = await freePort();
  const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, child, () => stderr);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, stop: () => stopChild(child) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`moto_server exited with code ${child.exitCode}: ${stderr()}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `moto_server did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000} s: ${stderr()}`,
  );
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
