// The Teams app package: `npm run package:teams` output validated against the official Teams
// manifest JSON schema with ajv, and the icons checked pixel by pixel against Teams' rules.
// tests/fixtures/teams-manifest.schema.json is the v1.30 MicrosoftTeams.schema.json, copied
// unmodified from the npm package @microsoft/app-manifest@1.1.2 (Microsoft's Agents Toolkit,
// build/json-schemas/teams/v1.30/), which mirrors developer.microsoft.com/json-schemas/teams/.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_PACKAGE_DIR, PackageError, buildTeamsPackage, manifestValues, renderManifest } from '../scripts/package-teams.js';
import { matchCommand } from '../src/nlu/commands.js';
import { decodePng, type DecodedPng } from './helpers/png.js';
import { readZip } from './helpers/zip.js';

const APP_ID = '0f6c1b2a-3d4e-4f50-8a6b-7c8d9e0fa1b2';
const ENV = { MicrosoftAppId: APP_ID, MEND_PUBLIC_URL: 'https://mend.example.org' };

const schema = JSON.parse(readFileSync(new URL('./fixtures/teams-manifest.schema.json', import.meta.url), 'utf8')) as { properties: { manifestVersion: { const: string } } };
// CommonJS packages: under NodeNext the class and the plugin are their modules' `default`.
const ajv = new ajvDraft04.default({ allErrors: true, strictTypes: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

type Manifest = {
  $schema: string;
  manifestVersion: string;
  id: string;
  version: string;
  icons: { color: string; outline: string };
  developer: { websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  bots: { botId: string; scopes: string[]; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
};

let files: Map<string, Buffer>;
let manifest: Manifest;

beforeAll(async () => {
  const zipPath = await buildTeamsPackage(ENV, mkdtempSync(join(tmpdir(), 'mend-teams-')));
  files = readZip(readFileSync(zipPath));
  manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
});

function errorsOf(candidate: unknown): string[] {
  return validate(candidate) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

describe('Teams app package', () => {
  it('zips exactly the manifest and the two icons, at the root', () => {
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('validates against the official manifest schema', () => {
    expect(errorsOf(manifest)).toEqual([]);
    expect(manifest.manifestVersion).toBe(schema.properties.manifestVersion.const);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
  });

  it('and the validator does reject broken manifests', () => {
    expect(errorsOf({ ...manifest, id: 'not-a-guid' }).join()).toMatch(/\/id/);
    const { icons: _icons, ...noIcons } = manifest;
    expect(errorsOf(noIcons).join()).toMatch(/icons/);
    expect(errorsOf({ ...manifest, bots: [{ ...manifest.bots[0], scopes: ['everyone'] }] }).length).toBeGreaterThan(0);
  });

  it('carries the bot id from configuration and the package version', () => {
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]?.botId).toBe(APP_ID);
    expect(manifest.version).toBe((JSON.parse(readFileSync(join(APP_PACKAGE_DIR, '..', 'package.json'), 'utf8')) as { version: string }).version);
    expect(manifest.developer.websiteUrl).toBe('https://mend.example.org');
    expect(manifest.developer.privacyUrl).toBe('https://mend.example.org');
  });

  it('works in personal chat, group chat and channels', () => {
    expect(manifest.bots[0]?.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('lists one command per flow, each one a phrase that starts that flow', () => {
    const commands = manifest.bots[0]?.commandLists.flatMap((l) => l.commands) ?? [];
    const flows = commands.map((c) => {
      const command = matchCommand(c.title);
      return command?.kind === 'start' ? command.flow : `not a flow: ${c.title}`;
    });
    expect(flows.sort()).toEqual(['apology', 'escalate', 'istatement']);
    for (const c of commands) expect(c.description.length).toBeGreaterThan(10);
  });

  it('refuses to build without a bot id or an https address', () => {
    expect(() => manifestValues({ MEND_PUBLIC_URL: 'https://x.example' }, '1.0.0')).toThrow(PackageError);
    expect(() => manifestValues({ MicrosoftAppId: 'mend', MEND_PUBLIC_URL: 'https://x.example' }, '1.0.0')).toThrow(/MicrosoftAppId/);
    expect(() => manifestValues({ MicrosoftAppId: APP_ID }, '1.0.0')).toThrow(/MEND_PUBLIC_URL/);
    expect(() => manifestValues({ MicrosoftAppId: APP_ID, MEND_PUBLIC_URL: 'http://insecure.example' }, '1.0.0')).toThrow(/MEND_PUBLIC_URL/);
    expect(() => manifestValues({ ...ENV, MEND_PRIVACY_URL: 'ftp://x' }, '1.0.0')).toThrow(/MEND_PRIVACY_URL/);
  });

  it('fills placeholders safely and never leaves one blank', () => {
    expect(renderManifest('{"a": "${{X}}", "b": "${{ X }}"}', { X: 'say "hi"\\' })).toEqual({ a: 'say "hi"\\', b: 'say "hi"\\' });
    expect(() => renderManifest('{"a": "${{MISSING}}"}', {})).toThrow(/MISSING/);
  });
});

describe('Teams icons', () => {
  const alphaAt = (png: DecodedPng, x: number, y: number): number => png.pixels[(y * png.width + x) * 4 + 3]!;

  it('has a 192x192 full-colour icon, opaque', () => {
    const color = decodePng(files.get(manifest.icons.color)!);
    expect([color.width, color.height]).toEqual([192, 192]);
    let seeThrough = 0;
    for (let i = 3; i < color.pixels.length; i += 4) if (color.pixels[i] !== 255) seeThrough += 1;
    expect(seeThrough).toBe(0);
    // Not one flat colour: there is a drawing on it.
    const distinct = new Set<string>();
    for (let i = 0; i < color.pixels.length; i += 4) distinct.add(color.pixels.subarray(i, i + 3).toString('hex'));
    expect(distinct.size).toBeGreaterThan(2);
  });

  it('has a 32x32 outline icon: white on a transparent background', () => {
    const outline = decodePng(files.get(manifest.icons.outline)!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.colorType).toBe(6);
    for (const [x, y] of [[0, 0], [31, 0], [0, 31], [31, 31]] as const) expect(alphaAt(outline, x, y)).toBe(0);
    let opaque = 0;
    let transparent = 0;
    let notWhite = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const alpha = outline.pixels[i + 3]!;
      if (alpha > 0 && (outline.pixels[i] !== 255 || outline.pixels[i + 1] !== 255 || outline.pixels[i + 2] !== 255)) notWhite += 1;
      if (alpha === 255) opaque += 1;
      if (alpha === 0) transparent += 1;
    }
    expect(notWhite).toBe(0);
    expect(opaque).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(500);
  });

  it('ships the same icons that are committed in appPackage/', () => {
    expect(files.get('color.png')!.equals(readFileSync(join(APP_PACKAGE_DIR, 'color.png')))).toBe(true);
    expect(files.get('outline.png')!.equals(readFileSync(join(APP_PACKAGE_DIR, 'outline.png')))).toBe(true);
  });
});
