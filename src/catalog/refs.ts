/**
 * @module `${kind:NAME}` references inside strings: `env`/`file` (secrets, project file only),
 * `profile` (checks params, replaced at load) and `target` (checks params, replaced at planning).
 */
import type { JsonValue } from "../model/json.js";
import type { Path } from "./source.js";

export type RefKind = "env" | "file" | "profile" | "target";

export interface Ref {
  readonly kind: RefKind;
  readonly name: string;
  /** The reference as written, e.g. `${profile:jwt.max_lifetime_minutes}`. */
  readonly text: string;
}

const NAME: Record<RefKind, RegExp> = {
  env: /^[A-Za-z_][A-Za-z0-9_]*$/,
  file: /^\S(.*\S)?$/,
  profile: /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/,
  target: /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/,
};

const FORMS: Record<RefKind, string> = {
  env: "${env:NAME}",
  file: "${file:PATH}",
  profile: "${profile:KEY}",
  target: "${target:NAME}",
};

/** Every reference in a string, plus a message for each malformed one (naming the forms `expected` here). */
export function scanRefs(
  s: string,
  expected: readonly RefKind[] = ["env", "file", "profile", "target"],
): { refs: Ref[]; bad: string[] } {
  const refs: Ref[] = [];
  const bad: string[] = [];
  let from = 0;
  for (let start = s.indexOf("${", from); start >= 0; start = s.indexOf("${", from)) {
    const end = s.indexOf("}", start);
    if (end < 0) {
      bad.push(`unterminated reference "${s.slice(start)}" (a "}" is missing)`);
      break;
    }
    const text = s.slice(start, end + 1);
    const m = /^\$\{([a-z]+):(.*)\}$/.exec(text);
    const kind = m?.[1];
    const name = m?.[2] ?? "";
    if (!kind || !(kind in NAME)) {
      bad.push(`unknown reference ${text} (allowed here: ${expected.map((k) => FORMS[k]).join(", ")})`);
    } else if (!NAME[kind as RefKind].test(name)) {
      bad.push(`malformed reference ${text}: "${name}" is not a valid ${kind} name`);
    } else {
      refs.push({ kind: kind as RefKind, name, text });
    }
    from = end + 1;
  }
  return { refs, bad };
}

/** Call `visit` for every string inside a JSON value, with its path. */
export function eachString(value: unknown, path: Path, visit: (s: string, path: Path) => void): void {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => eachString(v, [...path, i], visit));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) eachString(v, [...path, k], visit);
}

/**
 * Replace references of one kind: a string that is exactly one reference takes the value with its
 * JSON type; inside a longer string the value is interpolated. Unknown names are left as written.
 */
export function substitute(
  value: JsonValue,
  kind: RefKind,
  lookup: (name: string) => JsonValue | undefined,
): JsonValue {
  if (typeof value === "string") return substituteString(value, kind, lookup);
  if (Array.isArray(value)) return value.map((v) => substitute(v, kind, lookup));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, kind, lookup)]));
  }
  return value;
}

function substituteString(s: string, kind: RefKind, lookup: (name: string) => JsonValue | undefined): JsonValue {
  const whole = new RegExp(`^\\$\\{${kind}:([^}]+)\\}$`).exec(s);
  if (whole?.[1] !== undefined) {
    // `null` is a real profile value ("no limit"); only an unknown name stays as written.
    const v = lookup(whole[1]);
    return v === undefined ? s : v;
  }
  return s.replace(new RegExp(`\\$\\{${kind}:([^}]+)\\}`, "g"), (text, name: string) => {
    const v = lookup(name);
    return v === undefined ? text : typeof v === "string" ? v : JSON.stringify(v);
  });
}
