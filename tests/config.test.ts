import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';

const GUID = '11111111-2222-3333-4444-555555555555';

describe('config', () => {
  it('has working defaults: lowdb under ./data on port 3978, anonymous', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ port: 3978, storage: 'lowdb', dataDir: './data', defaultCountry: 'US', logLevel: 'info', microsoftAppId: undefined });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ STORAGE: 'mongo' }, 'STORAGE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DEFAULT_COUNTRY: 'United States' }, 'DEFAULT_COUNTRY'],
    [{ MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: 'x' }, 'MicrosoftAppId'],
    [{ MicrosoftAppId: GUID }, 'MicrosoftAppPassword'],
    [{ MicrosoftAppPassword: 'secret' }, 'MicrosoftAppId'],
    [{ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId'],
    [{ MicrosoftAppType: 'Whatever' }, 'MicrosoftAppType'],
    [{ MAX_BODY_BYTES: '10' }, 'MAX_BODY_BYTES'],
    [{ OUTBOUND_TIMEOUT_MS: '-5' }, 'OUTBOUND_TIMEOUT_MS'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(new RegExp(`^Configuration error: ${variable} `));
  });

  it('never echoes a secret in its errors', () => {
    try {
      parseConfig({ MicrosoftAppId: 'bad', MicrosoftAppPassword: 'hunter2-super-secret' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  it('accepts case-insensitive choices and GB for the UK', () => {
    expect(parseConfig({ STORAGE: 'MEMORY', DEFAULT_COUNTRY: 'gb', LOG_LEVEL: 'WARN' })).toMatchObject({ storage: 'memory', defaultCountry: 'UK', logLevel: 'warn' });
  });

  describe('STORAGE=blob', () => {
    const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
    const AZURE = `DefaultEndpointsProtocol=https;AccountName=mendstate;AccountKey=${KEY};EndpointSuffix=core.windows.net`;

    it('takes a connection string and a container', () => {
      expect(parseConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: AZURE, BLOB_CONTAINER: 'mend-state' })).toMatchObject({ storage: 'blob', blobConnectionString: AZURE, blobContainer: 'mend-state' });
      const emulator = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`;
      expect(parseConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: emulator, BLOB_CONTAINER: 'abc' }).blobConnectionString).toBe(emulator);
      expect(parseConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', BLOB_CONTAINER: 'abc' }).storage).toBe('blob');
      const sas = 'BlobEndpoint=https://mendstate.blob.core.windows.net/;SharedAccessSignature=sv=2024-11-04&ss=b&srt=co&sp=rwdlc&sig=abc%3D';
      expect(parseConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: sas, BLOB_CONTAINER: 'abc' }).storage).toBe('blob');
    });

    it.each([
      [{ STORAGE: 'blob', BLOB_CONTAINER: 'mend-state' }, 'BLOB_CONNECTION_STRING'],
      [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: AZURE }, 'BLOB_CONTAINER'],
      [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'https://mendstate.blob.core.windows.net', BLOB_CONTAINER: 'abc' }, 'BLOB_CONNECTION_STRING'],
      [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: `AccountName=mendstate;AccountKey=${KEY};EndpointSuffix=core.windows.net`, BLOB_CONTAINER: 'abc' }, 'BLOB_CONNECTION_STRING'],
      [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountKey=${KEY};EndpointSuffix=core.windows.net`, BLOB_CONTAINER: 'abc' }, 'BLOB_CONNECTION_STRING'],
      [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=not base64!;EndpointSuffix=core.windows.net', BLOB_CONTAINER: 'abc' }, 'BLOB_CONNECTION_STRING'],
      [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${KEY}`, BLOB_CONTAINER: 'abc' }, 'BLOB_CONNECTION_STRING'],
      [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'SharedAccessSignature=sv=2024&sig=abc', BLOB_CONTAINER: 'abc' }, 'BLOB_CONNECTION_STRING'],
      [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: AZURE, BLOB_CONTAINER: 'Mend_State' }, 'BLOB_CONTAINER'],
      [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: AZURE, BLOB_CONTAINER: 'ab' }, 'BLOB_CONTAINER'],
      [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: AZURE, BLOB_CONTAINER: 'mend--state' }, 'BLOB_CONTAINER'],
      [{ STORAGE: 'blob', BLOB_CONNECTION_STRING: AZURE, BLOB_CONTAINER: 'mend-' }, 'BLOB_CONTAINER'],
      [{ BLOB_CONNECTION_STRING: 'nonsense' }, 'BLOB_CONNECTION_STRING'],
    ])('rejects %j naming %s', (env, variable) => {
      expect(() => parseConfig(env)).toThrow(new RegExp(`^Configuration error: ${variable} `));
    });

    it('never echoes the account key or SAS in its errors', () => {
      for (const value of ['DefaultEndpointsProtocol=ftp;AccountName=a;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=x', 'SharedAccessSignature=sig=c2VjcmV0LWtleQ']) {
        expect(() => parseConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: value, BLOB_CONTAINER: 'abc' })).toThrow(ConfigError);
        try {
          parseConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: value, BLOB_CONTAINER: 'abc' });
        } catch (err) {
          expect((err as Error).message).not.toContain('c2VjcmV0');
        }
      }
    });
  });

  it('takes Bot Framework credentials together', () => {
    expect(parseConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p' })).toMatchObject({ microsoftAppId: GUID, microsoftAppType: 'MultiTenant' });
  });
});
