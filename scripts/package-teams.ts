// Builds the Teams app package: appPackage/manifest.template.json with the bot's settings filled
// in, plus the two icons, zipped as appPackage/build/mend-teams.zip (upload it in Teams: Apps >
// Manage your apps > Upload an app). Settings come from the environment or .env:
//   MicrosoftAppId    the Azure Bot's app id (also used as the Teams app id)
//   MEND_PUBLIC_URL   https address where Mend is reachable (the manifest's website link)
//   MEND_PRIVACY_URL, MEND_TERMS_URL  optional; default to MEND_PUBLIC_URL
// Run: npm run package:teams
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yazl from 'yazl';

export const APP_PACKAGE_DIR = resolve(import.meta.dirname, '..', 'appPackage');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PackageError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

/** The values the template's ${{NAME}} placeholders take, checked. */
export function manifestValues(env: Env, version: string): Record<string, string> {
  const appId = env['MicrosoftAppId']?.trim() ?? '';
  if (!GUID.test(appId)) throw new PackageError('MicrosoftAppId must be set to the Azure Bot\'s app id (a GUID) to build the Teams package');
  const url = (name: string, fallback?: string): string => {
    const value = env[name]?.trim() || fallback;
    if (value === undefined || !/^https:\/\/[^\s/]+/i.test(value)) throw new PackageError(`${name} must be an https:// address${fallback === undefined ? ' (where Mend is reachable)' : ''}`);
    return value;
  };
  const publicUrl = url('MEND_PUBLIC_URL');
  return { MicrosoftAppId: appId, VERSION: version, MEND_PUBLIC_URL: publicUrl, MEND_PRIVACY_URL: url('MEND_PRIVACY_URL', publicUrl), MEND_TERMS_URL: url('MEND_TERMS_URL', publicUrl) };
}

/** Fills ${{NAME}} placeholders (JSON-escaped); an unknown placeholder is an error, not a blank. */
export function renderManifest(template: string, values: Readonly<Record<string, string>>): unknown {
  const text = template.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new PackageError(`appPackage/manifest.template.json uses \${{${name}}}, which has no value`);
    return JSON.stringify(value).slice(1, -1);
  });
  return JSON.parse(text) as unknown;
}

function zip(files: Readonly<Record<string, Buffer>>): Promise<Buffer> {
  const archive = new yazl.ZipFile();
  // A fixed date keeps the zip byte-for-byte reproducible.
  const mtime = new Date('2024-01-01T00:00:00Z');
  for (const [name, data] of Object.entries(files)) archive.addBuffer(data, name, { mtime });
  archive.end();
  const chunks: Buffer[] = [];
  return new Promise((done, failed) => {
    archive.outputStream.on('data', (c: Buffer) => chunks.push(c));
    archive.outputStream.on('end', () => done(Buffer.concat(chunks)));
    archive.outputStream.on('error', failed);
  });
}

/** Writes build/manifest.json and build/mend-teams.zip under outDir; returns the zip's path. */
export async function buildTeamsPackage(env: Env, outDir = join(APP_PACKAGE_DIR, 'build')): Promise<string> {
  const { version } = JSON.parse(readFileSync(resolve(APP_PACKAGE_DIR, '..', 'package.json'), 'utf8')) as { version: string };
  const manifest = renderManifest(readFileSync(join(APP_PACKAGE_DIR, 'manifest.template.json'), 'utf8'), manifestValues(env, version));
  const manifestJson = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'manifest.json'), manifestJson);
  const zipPath = join(outDir, 'mend-teams.zip');
  writeFileSync(zipPath, await zip({ 'manifest.json': manifestJson, 'color.png': readFileSync(join(APP_PACKAGE_DIR, 'color.png')), 'outline.png': readFileSync(join(APP_PACKAGE_DIR, 'outline.png')) }));
  return zipPath;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === import.meta.filename) {
  if (existsSync('.env')) process.loadEnvFile('.env');
  buildTeamsPackage(process.env).then(
    (path) => process.stdout.write(`Teams app package: ${path}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof PackageError ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
