// Reads the environment once into a frozen, typed Config. A bad value stops start-up with a
// message naming the variable, so a misconfigured deployment fails loudly instead of half-working.
import { existsSync } from 'node:fs';

export type StorageKind = 'lowdb' | 'memory' | 'redis' | 'blob';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly storage: StorageKind;
  readonly dataDir: string;
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
  /** Azure Storage connection string for STORAGE=blob (holds the account key or a SAS: never log it). */
  readonly blobConnectionString: string | undefined;
  readonly blobContainer: string | undefined;
  readonly microsoftAppId: string | undefined;
  readonly microsoftAppPassword: string | undefined;
  readonly microsoftAppType: AppType;
  readonly microsoftAppTenantId: string | undefined;
  /** Secret of the bot's Azure Direct Line channel: the Web Chat page then talks to Azure. */
  readonly directLineSecret: string | undefined;
  /** Whether the bot serves its own Direct Line endpoint for the Web Chat page (development). */
  readonly localDirectLine: boolean;
  readonly defaultCountry: string;
  readonly logLevel: LogLevel;
  /** Largest accepted request body, in bytes. */
  readonly maxBodyBytes: number;
  /** How long one outbound reply to a channel may take before it is abandoned. */
  readonly outboundTimeoutMs: number;
  /** How long graceful shutdown waits for in-flight turns. */
  readonly shutdownGraceMs: number;
  /** State untouched this many days is deleted (0 keeps it until someone asks). */
  readonly retentionDays: number;
  readonly retentionSweepMinutes: number;
  /** Messages allowed per conversation and per user in one minute. */
  readonly rateLimitConversationPerMinute: number;
  readonly rateLimitUserPerMinute: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number between ${min} and ${max} (got "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${value})`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const match = allowed.find((a) => a.toLowerCase() === raw.toLowerCase());
  if (!match) throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  return match;
}

const STORAGE_KINDS = ['lowdb', 'memory', 'redis', 'blob'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
const SWITCHES = ['on', 'off', 'auto'] as const;
// Azure's rules: 3-63 characters, lowercase letters, digits and single dashes between them.
const BLOB_CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;
const GUIDISH = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseConfig(env: Env): Config {
  const microsoftAppId = optional(env, 'MicrosoftAppId');
  const microsoftAppPassword = optional(env, 'MicrosoftAppPassword');
  const microsoftAppType = oneOf(env, 'MicrosoftAppType', APP_TYPES, 'MultiTenant');
  const microsoftAppTenantId = optional(env, 'MicrosoftAppTenantId');
  if (microsoftAppId !== undefined && !GUIDISH.test(microsoftAppId)) {
    throw new ConfigError('MicrosoftAppId', 'must be the bot\'s Azure app id (a GUID such as 00000000-0000-0000-0000-000000000000)');
  }
  if (microsoftAppId !== undefined && microsoftAppType !== 'UserAssignedMSI' && microsoftAppPassword === undefined) {
    throw new ConfigError('MicrosoftAppPassword', 'must be set when MicrosoftAppId is set (or set MicrosoftAppType=UserAssignedMSI)');
  }
  if (microsoftAppId === undefined && microsoftAppPassword !== undefined) {
    throw new ConfigError('MicrosoftAppId', 'must be set when MicrosoftAppPassword is set');
  }
  if (microsoftAppType === 'SingleTenant' && microsoftAppTenantId === undefined) {
    throw new ConfigError('MicrosoftAppTenantId', 'must be set when MicrosoftAppType is SingleTenant');
  }
  const defaultCountry = (optional(env, 'DEFAULT_COUNTRY') ?? 'US').toUpperCase();
  if (!/^[A-Z]{2,4}$/.test(defaultCountry)) {
    throw new ConfigError('DEFAULT_COUNTRY', `must be a country code such as US, UK, IE, CA (got "${defaultCountry}")`);
  }
  const directLineSecret = optional(env, 'DIRECT_LINE_SECRET');
  if (directLineSecret !== undefined && !/^\S{16,}$/.test(directLineSecret)) {
    throw new ConfigError('DIRECT_LINE_SECRET', 'must be a secret key of the bot\'s Direct Line channel (Azure portal: the bot > Channels > Direct Line)');
  }
  if (directLineSecret !== undefined && microsoftAppId === undefined) {
    throw new ConfigError('DIRECT_LINE_SECRET', 'needs MicrosoftAppId: Azure Direct Line only reaches a registered bot');
  }
  const localSwitch = oneOf(env, 'LOCAL_DIRECT_LINE', SWITCHES, 'auto');
  if (localSwitch === 'on' && directLineSecret !== undefined) {
    throw new ConfigError('LOCAL_DIRECT_LINE', 'cannot be on while DIRECT_LINE_SECRET is set (the page then uses Azure Direct Line)');
  }
  // Auto: only for a local, anonymous bot. With credentials it stays off unless explicitly on.
  const localDirectLine = localSwitch === 'on' || (localSwitch === 'auto' && microsoftAppId === undefined && directLineSecret === undefined);
  const dataDir = optional(env, 'DATA_DIR') ?? './data';
  const storage = oneOf(env, 'STORAGE', STORAGE_KINDS, 'lowdb');
  const redisUrl = optional(env, 'REDIS_URL');
  if (storage === 'redis' && redisUrl === undefined) throw new ConfigError('REDIS_URL', 'must be set when STORAGE=redis (e.g. redis://127.0.0.1:6379)');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  const blobConnectionString = optional(env, 'BLOB_CONNECTION_STRING');
  if (storage === 'blob' && blobConnectionString === undefined) {
    throw new ConfigError('BLOB_CONNECTION_STRING', 'must be set when STORAGE=blob (Azure portal: the storage account > Security + networking > Access keys > Connection string)');
  }
  if (blobConnectionString !== undefined) {
    const problem = blobConnectionStringProblem(blobConnectionString);
    if (problem !== undefined) throw new ConfigError('BLOB_CONNECTION_STRING', problem);
  }
  const blobContainer = optional(env, 'BLOB_CONTAINER');
  if (storage === 'blob' && blobContainer === undefined) throw new ConfigError('BLOB_CONTAINER', 'must be set when STORAGE=blob (the container Mend keeps state in, e.g. mend-state)');
  if (blobContainer !== undefined && !BLOB_CONTAINER_NAME.test(blobContainer)) {
    throw new ConfigError('BLOB_CONTAINER', `must be a container name: 3 to 63 lowercase letters, digits and single dashes, starting and ending with a letter or digit (got "${blobContainer}")`);
  }
  return Object.freeze({
    port: integer(env, 'PORT', 3978, 0, 65535),
    host: optional(env, 'HOST') ?? '0.0.0.0',
    storage,
    dataDir,
    redisUrl,
    redisKeyPrefix: optional(env, 'REDIS_KEY_PREFIX') ?? 'mend:',
    blobConnectionString,
    blobContainer,
    microsoftAppId,
    microsoftAppPassword,
    microsoftAppType,
    microsoftAppTenantId,
    directLineSecret,
    localDirectLine,
    defaultCountry: defaultCountry === 'GB' ? 'UK' : defaultCountry,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 256 * 1024, 1024, 10 * 1024 * 1024),
    outboundTimeoutMs: integer(env, 'OUTBOUND_TIMEOUT_MS', 10_000, 100, 120_000),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 120_000),
    retentionDays: integer(env, 'RETENTION_DAYS', 90, 0, 3650),
    retentionSweepMinutes: integer(env, 'RETENTION_SWEEP_MINUTES', 60, 1, 10_080),
    rateLimitConversationPerMinute: integer(env, 'RATE_LIMIT_CONVERSATION_PER_MINUTE', 30, 1, 100_000),
    rateLimitUserPerMinute: integer(env, 'RATE_LIMIT_USER_PER_MINUTE', 60, 1, 100_000),
  });
}

/**
 * What is wrong with an Azure Storage connection string, checked the way @azure/storage-blob reads
 * one, or undefined if it will do. The message never repeats the value: it holds a secret.
 */
function blobConnectionStringProblem(text: string): string | undefined {
  const example = 'DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<key>;EndpointSuffix=core.windows.net';
  if (/^UseDevelopmentStorage=true(;|$)/.test(text)) return undefined;
  const parts = new Map<string, string>();
  for (const element of text.split(';')) {
    if (element.trim() === '') continue;
    const eq = element.indexOf('=');
    if (eq <= 0) return `must be an Azure Storage connection string of name=value pairs separated by ";" (${example})`;
    parts.set(element.slice(0, eq).trim(), element.slice(eq + 1).trim());
  }
  const blobEndpoint = parts.get('BlobEndpoint');
  if (blobEndpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(blobEndpoint)) return 'has a BlobEndpoint that is not an http(s) address';
  if (parts.has('AccountKey')) {
    const protocol = parts.get('DefaultEndpointsProtocol')?.toLowerCase();
    if (protocol !== 'https' && protocol !== 'http') return `needs DefaultEndpointsProtocol=https (or http) with an account key (${example})`;
    if (!parts.get('AccountName')) return `needs AccountName with an account key (${example})`;
    const key = parts.get('AccountKey') ?? '';
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return 'has an AccountKey that is not a base64 access key (Azure portal: the storage account > Access keys)';
    if (blobEndpoint === undefined && !parts.get('EndpointSuffix')) return `needs EndpointSuffix (e.g. core.windows.net) or BlobEndpoint (${example})`;
    return undefined;
  }
  if (parts.has('SharedAccessSignature')) {
    if (blobEndpoint === undefined) return 'needs BlobEndpoint=https://<account>.blob.core.windows.net with a SharedAccessSignature';
    if (!parts.get('SharedAccessSignature')) return 'has an empty SharedAccessSignature';
    return undefined;
  }
  return `needs an AccountKey or a SharedAccessSignature (${example}), or UseDevelopmentStorage=true for the local emulator`;
}

/**
 * For the processes that serve people (the server and the terminal chat): reads `.env` if there is
 * one, makes every file this process creates owner-only (state holds personal conversations), and
 * parses the environment. A bad value is written to stderr naming the variable; returns undefined.
 */
export function configFromProcessEnvironment(): Config | undefined {
  if (existsSync('.env')) process.loadEnvFile('.env');
  process.umask(0o077);
  try {
    return parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
      return undefined;
    }
    throw err;
  }
}
