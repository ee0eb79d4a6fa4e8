/** @module The settings `app_config` looks for, the key names it tries, and unit conversion. */

export const SETTINGS = {
  jwt_algorithm: {
    names: ["jwt_algorithm", "jwt.algorithm", "jwt_alg", "jwt.alg", "token.algorithm", "auth.jwt.algorithm"],
  },
  jwt_expiry: {
    names: [
      "jwt_expiry_minutes",
      "jwt.expiry_minutes",
      "jwt_expiration_minutes",
      "access_token_expire_minutes",
      "jwt_expiry_seconds",
      "jwt_expiry",
      "jwt.expiry",
      "jwt.expires_in",
      "access_token_ttl",
      "token.ttl",
    ],
  },
  encryption_algorithm: {
    names: ["encryption_algorithm", "encryption.algorithm", "cipher", "data_encryption_algorithm", "crypto.algorithm"],
  },
  audit_retention: {
    names: [
      "audit_retention_days",
      "audit.retention_days",
      "audit_log_retention_days",
      "log_retention_days",
      "audit.retention",
    ],
  },
  rate_limit: {
    names: ["api_rate_limit", "rate_limit", "api.rate_limit", "ratelimit", "rate_limit_per_minute", "throttle.rate"],
  },
} as const;

export type Setting = keyof typeof SETTINGS;

const UNIT_MINUTES: Readonly<Record<string, number>> = { s: 1 / 60, sec: 1 / 60, m: 1, min: 1, h: 60, d: 1440 };

/** A duration in minutes: numbers take their unit from the key (`_seconds`, `_hours`, default minutes), strings may carry one ("15m", "3600s", "1h"). */
export function minutes(key: string, value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    if (/sec/.test(key)) return value / 60;
    if (/hour/.test(key)) return value * 60;
    if (/ttl|expires_in/.test(key) && !/min/.test(key)) return value / 60; // OAuth convention: seconds
    return value;
  }
  if (typeof value !== "string") return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!m?.[1]) return undefined;
  const unit = (m[2] ?? "").toLowerCase();
  if (unit === "") return minutes(key, Number(m[1]));
  const factor = UNIT_MINUTES[unit];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

/** A retention in days: a number, or a string such as "365", "365d", "12mo", "1y". */
export function days(_key: string, value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value !== "string") return undefined;
  const m = /^\s*(\d+)\s*(d|days?|mo|months?|y|years?)?\s*$/i.exec(value);
  if (!m?.[1]) return undefined;
  const n = Number(m[1]);
  const u = (m[2] ?? "d").toLowerCase();
  return u.startsWith("y") ? n * 365 : u.startsWith("mo") ? n * 30 : n;
}
