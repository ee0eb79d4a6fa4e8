/**
 * @module The settings `app_config` looks for, how a key name is recognised, and units. A key is
 * split into whole name tokens (`SECURITY_JWT_EXPIRY_MINUTES` → security · jwt · expiry · minutes;
 * `retainLogsDays` → retain · logs · days): a setting matches when the key's tokens end with one of
 * its names (a trailing unit token aside), and the unit comes from that unit token or from the value
 * itself ("15m", "900s", "PT15M", "1h") — never from a substring, so "security" is not "sec".
 */

/** Names per setting, as token sequences written with `_` or `.`; the first is the canonical one. */
export const SETTINGS = {
  jwt_algorithm: {
    names: ["jwt_algorithm", "jwt_alg", "token_algorithm", "jwt_signing_algorithm", "access_token_algorithm"],
  },
  jwt_expiry: {
    names: [
      "jwt_expiry",
      "jwt_expiration",
      "jwt_expires_in",
      "jwt_lifetime",
      "jwt_ttl",
      "access_token_expire",
      "access_token_expiry",
      "access_token_lifetime",
      "access_token_ttl",
      "token_ttl",
      "token_lifetime",
      "token_expiry",
    ],
  },
  encryption_algorithm: {
    names: ["encryption_algorithm", "cipher", "data_encryption_algorithm", "crypto_algorithm", "encryption_cipher"],
  },
  audit_retention: {
    names: [
      "audit_retention",
      "audit_log_retention",
      "audit_logs_retention",
      "log_retention",
      "retain_logs",
      "retain_audit_logs",
      "audit_retain_logs",
      "audit_retention_period",
    ],
  },
  rate_limit: {
    names: ["rate_limit", "api_rate_limit", "rate_limiting", "ratelimit", "rate_limit_per_minute", "throttle_rate"],
  },
} as const;

export type Setting = keyof typeof SETTINGS;

/** Unit tokens → minutes. */
const UNIT_TOKENS: Readonly<Record<string, number>> = {
  ms: 1 / 60_000,
  millis: 1 / 60_000,
  milliseconds: 1 / 60_000,
  s: 1 / 60,
  sec: 1 / 60,
  secs: 1 / 60,
  second: 1 / 60,
  seconds: 1 / 60,
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  d: 1440,
  day: 1440,
  days: 1440,
  w: 10_080,
  week: 10_080,
  weeks: 10_080,
  mo: 43_200,
  month: 43_200,
  months: 43_200,
  y: 525_600,
  year: 525_600,
  years: 525_600,
};

/** Key → whole lower-case name tokens: split on `.`, `_`, `-`, spaces and camelCase humps. */
export function tokens(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[._\-\s]+/)
    .filter(Boolean);
}

/** The unit a key's last token names (minutes per unit), if it is a unit word. Single letters do not count. */
export function unitOfKey(key: string): number | undefined {
  const last = tokens(key).at(-1);
  return last !== undefined && last.length > 1 ? UNIT_TOKENS[last] : undefined;
}

/** Does `key` name one of `names`: its tokens, with a trailing unit word dropped, end with a name's tokens? */
export function keyMatches(key: string, names: readonly string[]): boolean {
  const t = tokens(key);
  const bare = unitOfKey(key) !== undefined ? t.slice(0, -1) : t;
  return names.some((name) => {
    const n = tokens(name);
    return [t, bare].some((k) => k.length >= n.length && n.every((x, i) => k[k.length - n.length + i] === x));
  });
}

const ISO =
  /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const ISO_MINUTES = [525_600, 43_200, 10_080, 1440, 60, 1, 1 / 60];

/**
 * A duration in minutes from a value: a number (in the key's unit, else `dflt` minutes per unit),
 * or a string — "900", "15m", "900s", "1h30m", "90 minutes", or ISO 8601 "PT15M", "P1Y".
 */
export function durationMinutes(key: string, value: unknown, dflt: number): number | undefined {
  const unit = unitOfKey(key) ?? dflt;
  if (typeof value === "number") return Number.isFinite(value) ? value * unit : undefined;
  if (typeof value !== "string") return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * unit;
  const iso = ISO.exec(v);
  if (iso && v.length > 1 && !/T$/i.test(v))
    return iso.slice(1).reduce((sum, n, i) => sum + (n ? Number(n) * (ISO_MINUTES[i] ?? 0) : 0), 0);
  const parts = [...v.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)\s*/gi)];
  if (
    parts.length === 0 ||
    parts
      .map((p) => p[0])
      .join("")
      .trim() !== v.replace(/\s+$/, "")
  )
    return undefined;
  let sum = 0;
  for (const p of parts) {
    const f = UNIT_TOKENS[(p[2] ?? "").toLowerCase()];
    if (f === undefined) return undefined;
    sum += Number(p[1]) * f;
  }
  return sum;
}

/**
 * Token lifetimes: a bare number is minutes, except under OAuth-style names (`ttl`, `expires_in`),
 * which count seconds, as RFC 6749's `expires_in` does.
 */
export function minutes(key: string, value: unknown): number | undefined {
  const t = tokens(key);
  const seconds = t.includes("ttl") || (t.includes("expires") && t.includes("in"));
  return durationMinutes(key, value, seconds ? 1 / 60 : 1);
}

/** Retention periods: a bare number is days. */
export function days(key: string, value: unknown): number | undefined {
  const m = durationMinutes(key, value, 1440);
  return m === undefined ? undefined : Math.round((m / 1440) * 1000) / 1000;
}
