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

  it('takes Bot Framework credentials together', () => {
    expect(parseConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'p' })).toMatchObject({ microsoftAppId: GUID, microsoftAppType: 'MultiTenant' });
  });
});
