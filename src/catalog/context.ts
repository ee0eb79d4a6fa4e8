/** @module The state of one load: problems found so far, input files read (with their SHA-256), options. */
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, relative } from "node:path";
import { FileLimitError, readCapped } from "../targets/read-capped.js";
import { looksBinary, MAX_DEPTH, MAX_INPUT_BYTES, tooDeep } from "./limits.js";
import { CONTROLS_DIR } from "./resolve.js";
import { didYouMean } from "../schema/suggest.js";
import type { JsonObject } from "../model/json.js";
import { prebuiltSource } from "./prebuilt.js";
import { Problems, type Locus } from "./problems.js";
import { validate } from "../schema/ajv.js";
import { inputSchema, type InputKind } from "./schema.js";
import { parseSource, type Source } from "./source.js";

export interface LoadOptions {
  /** Use this profile instead of the project's (`assay:<id>`, a shipped id, or a path relative to the cwd). */
  readonly profile?: string;
  /** The clock that decides which waivers have expired. */
  readonly now?: () => Date;
  /** Also warn about what a run would trip on (unset variables, missing files…): `assay check`. */
  readonly preflight?: { readonly env: Readonly<Record<string, string | undefined>> };
}

export class LoadContext {
  readonly problems: Problems;
  /** Absolute path → SHA-256 hex of every input file read. */
  readonly inputs = new Map<string, string>();
  /** Input kinds with a file that could not be read or parsed: references into them are not reported. */
  readonly incomplete = new Set<InputKind>();
  readonly #open = new Map<string, Promise<Source | undefined>>();

  constructor(
    readonly baseDir: string,
    readonly options: LoadOptions,
  ) {
    this.problems = new Problems(baseDir);
  }

  /** Read, hash, parse and schema-validate a file once; `undefined` when it cannot be read. */
  open(file: string, kind: InputKind, from: Locus): Promise<Source | undefined> {
    let p = this.#open.get(file);
    if (!p) {
      p = this.#read(file, kind, from);
      this.#open.set(file, p);
    }
    return p;
  }

  async #read(file: string, kind: InputKind, from: Locus): Promise<Source | undefined> {
    let bytes: Buffer;
    const name = `${KIND_NAME[kind]} ${relative(this.baseDir, file) || file}`;
    try {
      bytes = await readCapped(file, MAX_INPUT_BYTES, KIND_NAME[kind]);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        err instanceof FileLimitError
          ? err.message.replace(`${KIND_NAME[kind]} ${file} `, "it ")
          : code === "ENOENT"
            ? "no such file"
            : code === "EISDIR"
              ? "it is a folder"
              : (code ?? "unreadable");
      this.problems.error(from, shippedMissing(file, kind) ?? `cannot read ${name}: ${why}`);
      this.incomplete.add(kind);
      return undefined;
    }
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    this.inputs.set(file, sha256);
    // A shipped file indexed at build time passed the binary and depth checks there.
    const prebuilt = prebuiltSource(file, sha256);
    const refusal = prebuilt
      ? undefined
      : looksBinary(bytes)
        ? "it is not a text file (binary content)"
        : tooDeep(bytes.toString("utf8")) !== undefined
          ? `it nests deeper than ${MAX_DEPTH} levels (from line ${tooDeep(bytes.toString("utf8"))}); Assay inputs are shallow`
          : undefined;
    if (refusal !== undefined) {
      this.problems.error(from, `cannot read ${name}: ${refusal}`);
      this.incomplete.add(kind);
      return undefined;
    }
    const src = prebuilt ?? parseSource(file, bytes.toString("utf8"));
    for (const e of src.syntaxErrors) this.problems.error({ file, line: e.line, col: e.col }, e.message);
    if (src.syntaxErrors.length > 0) {
      if (src.data === undefined) this.incomplete.add(kind);
      return src;
    }
    for (const issue of validate(inputSchema(kind), src.data, [], false, sha256))
      this.problems.error({ src, path: issue.path, part: issue.part }, issue.message);
    return src;
  }
}

/** A shipped file that does not exist (`assay:stricct`): the closest shipped name and the list. */
function shippedMissing(file: string, kind: InputKind): string | undefined {
  const dir = dirname(file);
  if (!file.startsWith(CONTROLS_DIR) || !existsSync(dir)) return undefined;
  const names = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `assay:${f.replace(/\.ya?ml$/, "")}`);
  const asked = `assay:${basename(file).replace(/\.ya?ml$/, "")}`;
  return `unknown ${KIND_NAME[kind]} "${asked}"${didYouMean(asked, names)}; Assay ships ${names.join(", ")}`;
}

const KIND_NAME: Record<InputKind, string> = {
  project: "project file",
  catalog: "catalog",
  checks: "checks file",
  profile: "profile",
  mapping: "mapping",
  waivers: "waivers file",
  attestations: "attestations file",
  inventory: "inventory file",
};

// Defensive readers: semantic checks also run on files that failed the schema, so nothing is assumed.
export const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const strs = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === "string");
export const json = (v: unknown): JsonObject => obj(v) as JsonObject;
