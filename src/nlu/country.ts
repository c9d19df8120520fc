// Which country's helplines to show: from a stated country ("I'm in Canada"), the locale
// (en-GB -> UK), or the configured default. Data in content/helplines.json.
import { ContentError, readContentJson } from '../content/files.js';
import { list, obj, record, str, strList } from '../content/check.js';

export type CountryCode = string;

export interface Helpline {
  name: string;
  contact: string;
  how: string;
  for: string[];
  hours?: string;
  note?: string;
}

export interface CountryHelplines {
  country: CountryCode;
  countryName: string;
  emergency: string;
  emergencyNote?: string;
  helplines: Helpline[];
  verified: string;
}

export interface HelplinesContent {
  countries: ReadonlyMap<CountryCode, CountryHelplines>;
  locales: ReadonlyMap<string, CountryCode>;
  stated: readonly { pattern: RegExp; country: CountryCode }[];
}

const CONCERNS = ['suicide', 'self_harm', 'abuse', 'sexual_assault', 'child_at_risk', 'harm_to_others', 'unsafe_now', 'emotional_support'];

function parseHelpline(file: string, key: string, raw: unknown): Helpline {
  const o = obj(file, key, raw);
  const concerns = strList(file, `${key}.for`, o['for']);
  for (const c of concerns) if (!CONCERNS.includes(c)) throw new ContentError(file, `${key}.for`, `"${c}" is not one of ${CONCERNS.join(', ')}`);
  return {
    name: str(file, `${key}.name`, o['name']),
    contact: str(file, `${key}.contact`, o['contact']),
    how: str(file, `${key}.how`, o['how']),
    for: concerns,
    ...(o['hours'] !== undefined ? { hours: str(file, `${key}.hours`, o['hours']) } : {}),
    ...(o['note'] !== undefined ? { note: str(file, `${key}.note`, o['note']) } : {}),
  };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function parseHelplinesContent(raw: unknown, file = 'helplines.json'): HelplinesContent {
  const root = obj(file, '', raw);
  const countries = new Map<CountryCode, CountryHelplines>();
  for (const [code, value] of Object.entries(obj(file, 'countries', root['countries']))) {
    if (code.startsWith('$')) continue;
    const key = `countries.${code}`;
    const o = obj(file, key, value);
    const verified = str(file, `${key}.verified`, o['verified']);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(verified)) throw new ContentError(file, `${key}.verified`, 'must be a date like 2026-11-22');
    countries.set(code, {
      country: code,
      countryName: str(file, `${key}.countryName`, o['countryName']),
      emergency: str(file, `${key}.emergency`, o['emergency']),
      ...(o['emergencyNote'] !== undefined ? { emergencyNote: str(file, `${key}.emergencyNote`, o['emergencyNote']) } : {}),
      helplines: list(file, `${key}.helplines`, o['helplines'], (h, k) => parseHelpline(file, k, h)),
      verified,
    });
  }
  if (!countries.has('INTL')) throw new ContentError(file, 'countries', 'needs an INTL entry (the fallback)');
  const locales = new Map<string, CountryCode>();
  for (const [region, code] of Object.entries(record(file, 'locales', root['locales'], (v, k) => (k.endsWith('$comment') ? '' : str(file, k, v))))) {
    if (region.startsWith('$')) continue;
    if (!countries.has(code)) throw new ContentError(file, `locales.${region}`, `"${code}" has no entry under countries`);
    locales.set(region.toUpperCase(), code);
  }
  const stated: { pattern: RegExp; country: CountryCode }[] = [];
  for (const [code, names] of Object.entries(obj(file, 'statedCountries', root['statedCountries']))) {
    if (code.startsWith('$')) continue;
    if (!countries.has(code)) throw new ContentError(file, `statedCountries.${code}`, 'has no entry under countries');
    const alternatives = strList(file, `statedCountries.${code}`, names).map(escape).join('|');
    // "I'm in the UK", "i live in canada", "we're based in Ireland", "I'm from NZ" - not "I'm in love".
    stated.push({ pattern: new RegExp(`\\b(?:i(?:'| a)?m|i am|we(?:'| a)?re|we are|i live|we live|living|based|located|i'm currently|currently)\\s+(?:currently\\s+)?(?:in|from|living in|based in)\\s+(?:${alternatives})\\b(?!['’]?s\\b)`, 'i'), country: code });
  }
  return { countries, locales, stated };
}

let cached: HelplinesContent | undefined;
export function defaultHelplinesContent(): HelplinesContent {
  cached ??= parseHelplinesContent(readContentJson('helplines.json'));
  return cached;
}

export function countryFromLocale(locale: string | undefined, content: HelplinesContent = defaultHelplinesContent()): CountryCode | undefined {
  if (typeof locale !== 'string') return undefined;
  const region = /^[a-z]{2,3}[-_]([a-z]{2})\b/i.exec(locale.trim())?.[1];
  return region ? content.locales.get(region.toUpperCase()) : undefined;
}

export function statedCountry(text: string, content: HelplinesContent = defaultHelplinesContent()): CountryCode | undefined {
  if (text.length > 2000) text = text.slice(0, 2000);
  const normalised = text.replace(/[\u2018\u2019]/g, "'");
  return content.stated.find(({ pattern }) => pattern.test(normalised))?.country;
}

export function helplinesFor(country: CountryCode | undefined, content: HelplinesContent = defaultHelplinesContent()): CountryHelplines {
  const code = country?.toUpperCase() === 'GB' ? 'UK' : country?.toUpperCase();
  return (code ? content.countries.get(code) : undefined) ?? content.countries.get('INTL')!;
}
