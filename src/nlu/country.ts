// Which country's helplines to show: a country the person names ("I'm in Canada", "i live in the uk",
// "in australia"), else their locale (en-GB -> UK), else the deployment's default. Data in content/helplines.json.
import { ContentError, readContentJson } from '../content/files.js';
import { list, obj, str, strList } from '../content/check.js';
import { SAFETY_CATEGORIES } from './safety-types.js';

/** 'US' | 'UK' | 'IE' | 'CA' | 'AU' | 'NZ' | any other region code; codes without helplines get 'INTL'. */
export type CountryCode = string;

export interface Helpline {
  name: string;
  contact: string;
  /** how to reach it, as shown to the person ("call or text", "text", a website) */
  how: string;
  /** the concerns it serves: the safety categories, plus 'emotional_support' */
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
  /** the date a person last checked these numbers (YYYY-MM-DD) */
  verified: string;
}

export interface HelplinesContent {
  countries: ReadonlyMap<CountryCode, CountryHelplines>;
  /** locale region (GB) -> country code (UK) */
  locales: ReadonlyMap<string, CountryCode>;
  stated: StatedCountryPatterns;
}

interface StatedCountryPatterns {
  /** "I live in X", "we're based in X", "I moved to X": where the person is */
  livesIn: RegExp;
  /** "I'm from X": weaker, since people live away from home */
  from: RegExp;
  /** a reply that is only a place: "Canada", "in the UK" */
  bare: RegExp;
  /** lower-cased name -> country code */
  byName: ReadonlyMap<string, CountryCode>;
}

export const FALLBACK_COUNTRY = 'INTL';
const CONCERNS: readonly string[] = [...SAFETY_CATEGORIES, 'emotional_support'];
/** Names this short are also ordinary words ("us", "oz"): in a bare reply they only count written in capitals. */
const SHORT_NAME = 3;

function parseHelpline(file: string, key: string, raw: unknown): Helpline {
  const o = obj(file, key, raw);
  const concerns = strList(file, `${key}.for`, o['for']);
  concerns.forEach((c, i) => {
    if (!CONCERNS.includes(c)) throw new ContentError(file, `${key}.for[${i}]`, `"${c}" is not one of ${CONCERNS.join(', ')}`);
  });
  return {
    name: str(file, `${key}.name`, o['name']),
    contact: str(file, `${key}.contact`, o['contact']),
    how: str(file, `${key}.how`, o['how']),
    for: concerns,
    ...(o['hours'] !== undefined ? { hours: str(file, `${key}.hours`, o['hours']) } : {}),
    ...(o['note'] !== undefined ? { note: str(file, `${key}.note`, o['note']) } : {}),
  };
}

/** Object entries without the "$comment" keys content files use for notes. */
function entries(file: string, key: string, raw: unknown): [string, unknown][] {
  return Object.entries(obj(file, key, raw)).filter(([k]) => !k.startsWith('$'));
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compileStated(names: ReadonlyMap<string, CountryCode>): StatedCountryPatterns {
  // Longest first, so "northern ireland" wins over "ireland" and "the us" over "us".
  const alternatives = [...names.keys()].sort((a, b) => b.length - a.length).map((n) => escapeRegex(n).replace(/ /g, '\\s+')).join('|');
  const place = `(?:the\\s+)?(${alternatives})`;
  const end = `(?![\\p{L}\\p{N}'])`;
  const subject = `(?:i|we|i'?m|i\\s+am|we'?re|we\\s+are|i'?ve|we'?ve|i\\s+have|we\\s+have|im|ive)`;
  const where = `(?:live|living|lives|stay|staying|based|located|moved|moving|relocated|am|are|currently|now|still|here)`;
  return {
    livesIn: new RegExp(
      `\\b(?:${subject}\\s+(?:(?:currently|now|still|just|actually|also)\\s+)?(?:${where}\\s+)?(?:(?:currently|now|still|over|out|back|here)\\s+)?(?:in|to)|(?:live|living|based|located|moved|relocated)\\s+(?:in|to))\\s+${place}${end}`,
      'giu',
    ),
    from: new RegExp(`\\b(?:${subject}\\s+(?:originally\\s+)?from|(?:come|comes|came)\\s+from)\\s+${place}${end}`, 'giu'),
    bare: new RegExp(`^\\s*(?:(?:i'?m\\s+|we'?re\\s+)?(?:in|from)\\s+)?${place}\\s*[.!]*\\s*$`, 'iu'),
    byName: names,
  };
}

export function parseHelplinesContent(raw: unknown, file = 'helplines.json'): HelplinesContent {
  const root = obj(file, '', raw);
  const countries = new Map<CountryCode, CountryHelplines>();
  for (const [code, value] of entries(file, 'countries', root['countries'])) {
    const key = `countries.${code}`;
    if (!/^[A-Z]{2,4}$/.test(code)) throw new ContentError(file, key, 'must be an upper-case country code such as US or UK');
    const o = obj(file, key, value);
    const verified = str(file, `${key}.verified`, o['verified']);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(verified) || Number.isNaN(Date.parse(verified))) {
      throw new ContentError(file, `${key}.verified`, 'must be a date like 2026-11-22');
    }
    countries.set(code, {
      country: code,
      countryName: str(file, `${key}.countryName`, o['countryName']),
      emergency: str(file, `${key}.emergency`, o['emergency']),
      ...(o['emergencyNote'] !== undefined ? { emergencyNote: str(file, `${key}.emergencyNote`, o['emergencyNote']) } : {}),
      helplines: list(file, `${key}.helplines`, o['helplines'], (h, k) => parseHelpline(file, k, h)),
      verified,
    });
  }
  if (!countries.has(FALLBACK_COUNTRY)) throw new ContentError(file, 'countries', `needs an ${FALLBACK_COUNTRY} entry (the fallback)`);

  const locales = new Map<string, CountryCode>();
  for (const [region, code] of entries(file, 'locales', root['locales'])) {
    const target = str(file, `locales.${region}`, code);
    if (!countries.has(target)) throw new ContentError(file, `locales.${region}`, `"${target}" has no entry under countries`);
    locales.set(region.toUpperCase(), target);
  }

  const names = new Map<string, CountryCode>();
  for (const [code, value] of entries(file, 'statedCountries', root['statedCountries'])) {
    if (!countries.has(code)) throw new ContentError(file, `statedCountries.${code}`, 'has no entry under countries');
    strList(file, `statedCountries.${code}`, value).forEach((name, i) => {
      const n = name.trim().toLowerCase().replace(/\s+/g, ' ');
      const before = names.get(n);
      if (before && before !== code) throw new ContentError(file, `statedCountries.${code}[${i}]`, `"${name}" is already a name for ${before}`);
      names.set(n, code);
    });
  }
  return { countries, locales, stated: compileStated(names) };
}

let cached: HelplinesContent | undefined;

export function defaultHelplinesContent(): HelplinesContent {
  cached ??= parseHelplinesContent(readContentJson('helplines.json'), 'helplines.json');
  return cached;
}

/** Regions already worked out: building an Intl.Locale is the costly part, and a channel sends one locale on every turn. */
const regions = new Map<string, string | undefined>();
const REGIONS_KEPT = 256;

/** The region of a BCP 47 locale ("en-GB", "fr_CA", "zh-Hant-TW"), upper-cased; undefined without one. */
function regionOf(locale: string): string | undefined {
  if (regions.has(locale)) return regions.get(locale);
  const region = parseRegion(locale);
  if (regions.size >= REGIONS_KEPT) regions.clear(); // locales come from the client: keep the memo bounded
  regions.set(locale, region);
  return region;
}

function parseRegion(locale: string): string | undefined {
  const tag = locale.trim().replace(/_/g, '-');
  try {
    const region = new Intl.Locale(tag).region;
    if (region) return region.toUpperCase();
  } catch {
    // Not a valid tag for Intl ("en-UK" is common but not BCP 47): read the region part by hand.
  }
  const parts = tag.split('-');
  const region = parts.slice(1).find((p) => /^[A-Za-z]{2}$/.test(p));
  return region?.toUpperCase();
}

/**
 * The country for a locale: en-GB -> UK, fr-CA -> CA. A region Mend has no helplines for comes back
 * as it is (de-DE -> DE) so helplinesFor gives the international list rather than a default country's.
 */
export function countryFromLocale(locale: string | undefined, content: HelplinesContent = defaultHelplinesContent()): CountryCode | undefined {
  if (typeof locale !== 'string' || locale.trim() === '') return undefined;
  const region = regionOf(locale);
  if (!region) return undefined;
  return content.locales.get(region) ?? region;
}

function lastMatch(re: RegExp, text: string): { index: number; name: string } | undefined {
  let found: { index: number; name: string } | undefined;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) found = { index: m.index, name: m[1] ?? '' };
  return found;
}

/**
 * A country the person says they are in: "I'm in Canada", "i live in the uk", "we moved to Australia",
 * "im from ireland", or a reply that is only a place ("in australia"). Where they live wins over
 * where they are from; "I'm in love" names no place.
 */
export function statedCountry(text: string, content: HelplinesContent = defaultHelplinesContent()): CountryCode | undefined {
  // Long messages are scanned in full but only in a bounded window per match, so this stays linear.
  const folded = text.normalize('NFKC').replace(/[\u2018\u2019\u02bc`]/g, "'").toLowerCase();
  const { livesIn, from, bare, byName } = content.stated;
  const code = (name: string): CountryCode | undefined => byName.get(name.replace(/\s+/g, ' '));
  const lives = lastMatch(livesIn, folded);
  if (lives) return code(lives.name);
  const origin = lastMatch(from, folded);
  if (origin) return code(origin.name);
  const only = bare.exec(folded);
  if (only?.[1]) {
    const name = only[1];
    // "us" or "oz" alone is more likely a word than a country unless written in capitals.
    if (name.replace(/\s+/g, '').length <= SHORT_NAME && !text.includes(name.toUpperCase())) return undefined;
    return code(name);
  }
  return undefined;
}

/** The helplines for a country; 'GB' is read as 'UK'; unknown or missing countries get the international list. */
export function helplinesFor(country: CountryCode | undefined, content: HelplinesContent = defaultHelplinesContent()): CountryHelplines {
  const upper = country?.trim().toUpperCase();
  const code = upper === 'GB' ? 'UK' : upper;
  const found = (code ? content.countries.get(code) : undefined) ?? content.countries.get(FALLBACK_COUNTRY)!;
  return { ...found, helplines: found.helplines.map((h) => ({ ...h, for: [...h.for] })) };
}

/** The helplines that serve any of the given concerns, in file order (the crisis reply lists these first). */
export function helplinesMatching(lines: CountryHelplines, concerns: readonly string[]): Helpline[] {
  return lines.helplines.filter((h) => h.for.some((f) => concerns.includes(f)));
}
