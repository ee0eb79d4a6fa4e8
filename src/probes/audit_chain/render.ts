/**
 * @module How a declared recipe renders one field value to text, as the program that wrote the chain
 * did: timestamps (read from PostgreSQL text, ISO 8601 or Oracle's ISO UTC text, any offset) as ISO
 * 8601 UTC with `T`/`Z` and fixed fractional digits, as PostgreSQL text, or as epoch seconds or
 * milliseconds; numbers as stored or with trailing fractional zeros trimmed; booleans and NULL as
 * declared. Values come as text from databases and as JSON scalars from JSON Lines files.
 */
import { HashChainInputError } from "./verifier.js";
import type { RecipeParams } from "./params.js";

export type FieldKind = "text" | "timestamp" | "number" | "boolean";
export type FieldValue = string | number | boolean | null;
export type Renderer = (value: FieldValue, kind: FieldKind) => string;

const TS = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** A timestamp as UTC epoch milliseconds plus microseconds within the millisecond. */
export function parseTimestamp(text: string): { ms: number; micros: number } {
  const m = TS.exec(text);
  if (!m) throw new HashChainInputError(`"${text.slice(0, 40)}" is not a timestamp`);
  const [, y, mo, d, h, mi, s, frac = "", off] = m;
  const f = (frac + "000000").slice(0, 6);
  let ms = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!) + Math.floor(+f / 1000);
  if (off && off !== "Z") {
    const sign = off[0] === "-" ? -1 : 1;
    const digits = off.slice(1).replace(":", "");
    ms -= sign * (+digits.slice(0, 2) * 60 + +(digits.slice(2) || "0")) * 60_000;
  }
  return { ms, micros: +f % 1000 };
}

const pad2 = (n: number) => (n < 10 ? "0" : "") + n;

const digit = (c: number) => c >= 48 && c <= 57;

/**
 * The common case without a Date: UTC text as PostgreSQL (`2026-01-01 00:00:01.000123+00`) or
 * Oracle/ISO (`2026-01-01T00:00:01.000Z`) print it, re-rendered by slicing. `undefined` otherwise.
 */
function fastUtc(text: string, r: RecipeParams): string | undefined {
  const n = text.length;
  const sep = text.charCodeAt(10);
  if (n < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 32 && sep !== 84)) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  let end = 19;
  if (text.charCodeAt(19) === 46) for (end = 20; end < n && digit(text.charCodeAt(end)); end++);
  const utc =
    (end === n - 1 && text.charCodeAt(end) === 90) ||
    (end === n - 3 && text.endsWith("+00")) ||
    (end === n - 6 && text.endsWith("+00:00"));
  if (!utc) return undefined;
  const frac = end > 20 ? text.slice(20, Math.min(end, 26)) : "";
  const date = text.slice(0, 10);
  const time = text.slice(11, 19);
  if (r.timestamps === "iso")
    return `${date}T${time}${r.fraction_digits > 0 ? "." + (frac + "000000").slice(0, r.fraction_digits) : ""}Z`;
  if (r.timestamps === "postgres") {
    const trimmed = frac.replace(/0+$/, "");
    return `${date} ${time}${trimmed ? "." + trimmed : ""}+00`;
  }
  return undefined;
}

function formatTimestamp(text: string, r: RecipeParams): string {
  const fast = fastUtc(text, r);
  if (fast !== undefined) return fast;
  const { ms, micros } = parseTimestamp(text);
  if (r.timestamps === "epoch_millis") return String(ms);
  if (r.timestamps === "epoch_seconds") return String(Math.floor(ms / 1000));
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  const frac6 = String(d.getUTCMilliseconds() * 1000 + micros).padStart(6, "0");
  if (r.timestamps === "postgres") {
    const trimmed = frac6.replace(/0+$/, "");
    return `${date} ${time}${trimmed ? "." + trimmed : ""}+00`;
  }
  return `${date}T${time}${r.fraction_digits > 0 ? "." + frac6.slice(0, r.fraction_digits) : ""}Z`;
}

function formatNumber(text: string, r: RecipeParams): string {
  if (r.numbers === "as_stored" || !text.includes(".") || /[eE]/.test(text)) return text;
  return text.replace(/\.?0+$/, "");
}

const TRUE = new Set(["t", "true", "1", "y", "yes", "on"]);
const FALSE = new Set(["f", "false", "0", "n", "no", "off"]);

/** The renderer of a recipe: a JSON boolean or number keeps its own kind unless the field declares one. */
export function renderer(r: RecipeParams): Renderer {
  const { true: yes, false: no } = r.booleans;
  return (value, kind) => {
    if (value === null) return r.null;
    if (typeof value === "boolean") return value ? yes : no;
    if (typeof value === "number") return kind === "text" || kind === "number" ? String(value) : render(String(value));
    return render(value);

    function render(text: string): string {
      switch (kind) {
        case "text":
          return text;
        case "timestamp":
          return formatTimestamp(text, r);
        case "number":
          return formatNumber(text, r);
        case "boolean": {
          const t = text.toLowerCase();
          if (TRUE.has(t)) return yes;
          if (FALSE.has(t)) return no;
          throw new HashChainInputError(`"${text.slice(0, 20)}" is not a boolean`);
        }
      }
    }
  };
}
