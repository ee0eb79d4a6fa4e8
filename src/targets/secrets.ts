/**
 * @module Secret references. Project files never hold secrets: they say `${env:NAME}` or
 * `${file:PATH}`, resolved here at run time. Every resolved value is remembered by a Redactor,
 * which scrubs it (and any password inside a URL) from messages, facts and logs.
 */
import { resolve } from "node:path";
import { AssayError, EXIT } from "../errors.js";
import type { JsonValue } from "../model/json.js";
import { FileLimitError, readCappedSync } from "./read-capped.js";

/** A secret (password, token, key) is small: anything larger is a wrong path, never read whole. */
export const MAX_SECRET_BYTES = 64 * 1024;

const REF = /\$\{(env|file):([^}]+)\}/g;

export interface SecretPorts {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly readFile: (path: string) => string;
  readonly baseDir: string;
}

export const defaultSecretPorts = (baseDir: string): SecretPorts => ({
  env: process.env,
  readFile: (p) => readCappedSync(p, MAX_SECRET_BYTES, "secret file").toString("utf8"),
  baseDir,
});

export class SecretError extends AssayError {
  override readonly name = "SecretError";
  constructor(message: string) {
    super(message, { exit: EXIT.invalid });
  }
}

/** True when the string contains a `${env:…}` or `${file:…}` reference. */
export function hasSecretRef(s: string): boolean {
  return new RegExp(REF.source).test(s);
}

/** Secrets shorter than this are not scrubbed by value: they would shred unrelated text. */
const MIN_SECRET = 4;

/**
 * The one scrubber: removes each given secret (longest first, so a secret containing another goes
 * whole) and any password inside a URL (`postgres://user:pass@host`), even one that never came
 * from a reference. Every message, fact and log line that may hold a secret passes through here.
 */
export function scrub(text: string, secrets: Iterable<string> = []): string {
  return scrubSorted(text, longestFirst(secrets));
}

const longestFirst = (secrets: Iterable<string>): string[] =>
  [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);

const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/?#\s]+@/gi;

// Called for every string of every observation: the tests (`includes`) spare the copies when there is nothing to hide.
function scrubSorted(text: string, list: readonly string[]): string {
  let out = text;
  for (const s of list) if (out.includes(s)) out = out.split(s).join("***");
  return out.includes("://") ? out.replace(URL_PASSWORD, "$1***@") : out;
}

/** Scrubs every secret it has seen from strings and JSON values. */
export class Redactor {
  readonly #secrets = new Set<string>();
  /** The secrets longest first, kept between calls (a run redacts every string it observes). */
  #sorted: string[] = [];

  add(secret: string): void {
    // Very short values (e.g. "1") would shred unrelated text; they are not worth hiding that way.
    if (secret.length < MIN_SECRET || this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    this.#sorted = longestFirst(this.#secrets);
  }

  redact(text: string): string {
    return scrubSorted(text, this.#sorted);
  }

  redactJson<V extends JsonValue>(value: V): V {
    return redactValue(value, (s) => this.redact(s)) as V;
  }
}

function redactValue(v: JsonValue, f: (s: string) => string): JsonValue {
  if (typeof v === "string") return f(v);
  if (Array.isArray(v)) return v.map((x) => redactValue(x, f));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactValue(x, f)]));
  return v;
}

/** Resolve every reference inside a JSON value; each resolved value is registered with the redactor. */
export function resolveSecrets<V extends JsonValue>(value: V, ports: SecretPorts, redactor: Redactor): V {
  return redactValue(value, (s) => resolveString(s, ports, redactor)) as V;
}

function resolveString(s: string, ports: SecretPorts, redactor: Redactor): string {
  return s.replace(REF, (_whole, kind: string, name: string) => {
    const secret = kind === "env" ? fromEnv(name, ports) : fromFile(name, ports);
    redactor.add(secret);
    return secret;
  });
}

function fromEnv(name: string, ports: SecretPorts): string {
  const v = ports.env[name];
  if (v === undefined || v === "")
    throw new SecretError(`environment variable ${name} is not set; export it before running`);
  return v;
}

function fromFile(path: string, ports: SecretPorts): string {
  const abs = resolve(ports.baseDir, path);
  try {
    return ports.readFile(abs).replace(/\r?\n$/, "");
  } catch (err) {
    if (err instanceof FileLimitError) throw new SecretError(err.message);
    const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
    throw new SecretError(`secret file ${abs} cannot be read (${code}); check the path and its permissions`);
  }
}
