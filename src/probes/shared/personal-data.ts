/**
 * @module Personal-data recognition, dialect-neutral: one text value → the category it holds
 * (e-mail, phone, payment card, IBAN, US SSN, IP address, a user-declared pattern), whether it
 * looks masked or synthetic, and a shape that can be shown without revealing it. Phone numbers
 * are validated by libphonenumber-js, IBANs by ibantools (mod 97), card numbers by Luhn. Dates of
 * birth are recognised only with a column-name hint (a date alone is not personal data).
 */
import { isIP } from "node:net";
import { isValidIBAN } from "ibantools";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

export const BUILTIN_CATEGORIES = ["email", "phone", "card", "iban", "ssn", "dob", "ip"] as const;
export type BuiltinCategory = (typeof BUILTIN_CATEGORIES)[number];

/** A user-declared category: values matching `pattern` (anchored) are personal data. */
export interface CustomPattern {
  readonly name: string;
  readonly pattern: string;
}

export interface Recogniser {
  /** The category of one value, or null. `nameHint` is the category the column's name suggests. */
  classify(value: string, nameHint?: string | null): string | null;
}

const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const SSN = /^(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/;
const CARD_CHARS = /^[\d -]{13,23}$/;
const PHONE_CHARS = /^\+?[\d ().-]{7,22}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+-]+Z?)?$/;

/** Column-name hints, checked against the lower-cased column name. */
const NAME_HINTS: readonly (readonly [string, RegExp])[] = [
  ["email", /e_?mail/],
  ["phone", /phone|mobile|msisdn|(^|_)tel(_|$)|fax/],
  ["card", /(card|cc|pan)_?(no|num|number)?$|credit_?card/],
  ["iban", /iban|bank_?account/],
  ["ssn", /ssn|social_?sec|national_?id|nino/],
  ["dob", /birth|(^|_)dob(_|$)/],
  ["ip", /(^|_)ip(_|$)|ip_?addr|client_?addr|remote_?addr/],
];

export function categoryFromName(column: string): string | null {
  const name = column.toLowerCase();
  for (const [category, re] of NAME_HINTS) if (re.test(name)) return category;
  return null;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function isCard(value: string): boolean {
  if (!CARD_CHARS.test(value)) return false;
  const digits = value.replace(/[ -]/g, "");
  return digits.length >= 13 && digits.length <= 19 && !/^(\d)\1+$/.test(digits) && luhnValid(digits);
}

function isPhone(value: string, countries: readonly CountryCode[]): boolean {
  if (!PHONE_CHARS.test(value)) return false;
  const digits = value.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return false;
  if (value.startsWith("+")) return parsePhoneNumberFromString(value)?.isValid() === true;
  if (value.startsWith("00")) return parsePhoneNumberFromString(`+${value.slice(2)}`)?.isValid() === true;
  // A national number must carry a phone's formatting; bare digit runs are too often ids.
  if (!/[ ().-]/.test(value) && !value.startsWith("0")) return false;
  return countries.some((c) => parsePhoneNumberFromString(value, c)?.isValid() === true);
}

function isBirthDate(value: string, now: Date): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1900 && year <= now.getUTCFullYear() && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export interface RecogniserOptions {
  readonly phoneCountries?: readonly string[];
  readonly customPatterns?: readonly CustomPattern[];
  readonly now?: Date;
}

export function recogniser(options: RecogniserOptions = {}): Recogniser {
  const countries = (options.phoneCountries ?? ["US", "GB", "DE", "FR"]) as CountryCode[];
  const custom = (options.customPatterns ?? []).map((p) => ({ name: p.name, re: new RegExp(`^(?:${p.pattern})$`) }));
  const now = options.now ?? new Date();
  return {
    classify(raw, nameHint) {
      const value = raw.trim();
      if (value === "" || value.length > 254) return null;
      for (const c of custom) if (c.re.test(value)) return c.name;
      if (EMAIL.test(value)) return "email";
      if (SSN.test(value)) return "ssn";
      if (isCard(value)) return "card";
      if (/^[A-Za-z]{2}\d{2}[A-Za-z0-9 ]{10,32}$/.test(value) && isValidIBAN(value.replace(/ /g, "").toUpperCase()))
        return "iban";
      if (isIP(value) !== 0) return "ip";
      if (DATE.test(value)) return nameHint === "dob" && isBirthDate(value, now) ? "dob" : null;
      if (isPhone(value, countries)) return "phone";
      return null;
    },
  };
}

/** Domains and numbers reserved for examples and tests (RFC 2606/6761, card networks' test PANs). */
const SYNTHETIC_EMAIL = /@(?:[\w-]+\.)*(?:example(?:\.(?:com|org|net))?|invalid|test|localhost)$/i;
const TEST_PANS = new Set([
  "4111111111111111",
  "4242424242424242",
  "4012888888881881",
  "5555555555554444",
  "5105105105105100",
  "378282246310005",
  "371449635398431",
  "6011111111111117",
]);

/** True when a recognised value is a reserved example value (example.com, a network's test card). */
export function isSynthetic(category: string, value: string): boolean {
  if (category === "email") return SYNTHETIC_EMAIL.test(value.trim());
  if (category === "card") return TEST_PANS.has(value.replace(/\D/g, ""));
  return false;
}

const MASK_RUN = /[*•#]{2,}|[Xx]{3,}/;
const DIGEST = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9A-F]{64})$/;

/** Does a value look masked: mask characters in a run, or a digest in place of the value? */
export function looksMasked(value: string): boolean {
  return MASK_RUN.test(value) || DIGEST.test(value.trim());
}

/** Digits a masked value still shows (e.g. `411111******1111` shows 10). */
export function keptDigits(value: string): number {
  return DIGEST.test(value.trim()) ? 0 : value.replace(/\D/g, "").length;
}

/**
 * The value's shape with every letter as `x` and every digit as `9`, cut to 24 characters, so a
 * report can show what kind of value a column holds without any of the value itself.
 */
export function shapeOf(value: string): string {
  const s = value.trim().slice(0, 24).replace(/\p{L}/gu, "x").replace(/\p{N}/gu, "9");
  return value.trim().length > 24 ? `${s}…` : s;
}
