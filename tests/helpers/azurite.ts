// Starts a throwaway Azurite (the Azure Storage emulator, blob service only, in memory) on a free
// loopback port for a test file, and stops it after. Azurite is not one of Mend's dependencies:
// scripts/test-all.sh installs it from tools/azurite (pinned there with its own lockfile).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server.js';

const AZURITE_BLOB = join(import.meta.dirname, '..', '..', 'tools', 'azurite', 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');

/** Azurite's well-known development account (the same for every Azurite, not a secret). */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Whether the blob tests can run here: Azurite installed and the optional Azure SDK present. */
export function azuriteAvailable(): boolean {
  if (!existsSync(AZURITE_BLOB)) return false;
  try {
    createRequire(import.meta.url).resolve('@azure/storage-blob');
    return true;
  } catch {
    return false;
  }
}

export interface AzuriteServer {
  connectionString: string;
  stop(): Promise<void>;
}

export async function startAzurite(): Promise<AzuriteServer> {
  if (!existsSync(AZURITE_BLOB)) throw new Error('Azurite is not installed: run npm ci --prefix tools/azurite (scripts/test-all.sh does)');
  const port = await freePort();
  // In-memory persistence writes nothing, but keep the working folder a scratch one all the same.
  const cwd = mkdtempSync(join(tmpdir(), 'mend-azurite-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [AZURITE_BLOB, '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck', '--silent', '--blobHost', '127.0.0.1', '--blobPort', String(port)],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    // Keep reading (a full pipe would stall Azurite), but remember only the start for errors.
    if (output.length < 4_000) output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start within 20 s: ${output.trim()}`));
    }, 20_000);
    const onData = (): void => {
      if (output.includes('successfully listens on')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code}: ${output.trim()}`));
    });
  });
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(force);
          rmSync(cwd, { recursive: true, force: true });
          resolve();
        };
        const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}
