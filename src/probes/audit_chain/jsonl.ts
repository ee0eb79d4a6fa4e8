/**
 * @module JSON Lines audit files as a hash-chain source: one JSON object per line, read as a stream
 * (constant memory). The recipe runs over the *parsed* fields (strings, numbers, booleans, null), never
 * over the line's raw text, so JSON escaping (`\t`, `\u00e9`, `\"`) cannot make an intact record look modified.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Recipe } from "./recipe.js";
import type { FieldValue } from "./render.js";
import { HashChainInputError } from "./verifier.js";
import type { ChainLink } from "./sources.js";

export interface JsonLayout {
  readonly sequenceField: string;
  readonly hashField: string;
  readonly prevField: string | undefined;
  readonly recipe: Recipe;
}

/** Stream `path` as chain links; a malformed line is an error naming its line number. */
export async function* readJsonLines(
  path: string,
  layout: JsonLayout,
  signal?: AbortSignal,
): AsyncGenerator<ChainLink> {
  const s = await stat(path);
  // A FIFO or a device (/dev/zero) would stream forever: only regular files are audit logs.
  if (!s.isFile()) throw new HashChainInputError(`${path} is not a regular file`);
  const input = createReadStream(path, signal ? { encoding: "utf8", signal } : { encoding: "utf8" });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === "") continue;
      yield linkFromObject(parseLine(line, n), layout, `line ${n}`);
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function parseLine(line: string, n: number): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new HashChainInputError(`line ${n} is not valid JSON`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new HashChainInputError(`line ${n} is not a JSON object`);
  return v as Record<string, unknown>;
}

/** A JSON value as a field value: scalars as they are, objects and arrays as their JSON text. */
function scalar(v: unknown): FieldValue {
  if (v === undefined || v === null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return JSON.stringify(v);
}

function linkFromObject(o: Readonly<Record<string, unknown>>, layout: JsonLayout, where: string): ChainLink {
  const seq = o[layout.sequenceField];
  const sequence = typeof seq === "number" ? seq : typeof seq === "string" && seq !== "" ? Number(seq) : NaN;
  if (!Number.isSafeInteger(sequence))
    throw new HashChainInputError(`${where}: field "${layout.sequenceField}" is not an integer sequence number`);
  const h = o[layout.hashField];
  if (typeof h !== "string")
    throw new HashChainInputError(`${where}: field "${layout.hashField}" is missing or not a string`);
  let prev: string | null | undefined;
  if (layout.prevField !== undefined) {
    const p = o[layout.prevField];
    if (p !== null && p !== undefined && typeof p !== "string")
      throw new HashChainInputError(`${where}: field "${layout.prevField}" is not a string`);
    prev = p ?? null;
  }
  const values = layout.recipe.fields.map((f) => scalar(o[f.column ?? ""]));
  return { sequence, hash: h, prev, body: layout.recipe.body(values) };
}
