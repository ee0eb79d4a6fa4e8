/**
 * @module JSON Lines audit files as a hash-chain source: one JSON object per line, read as a stream
 * (constant memory), turned into `ChainLink`s with the same canonical forms as the databases.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { canonicalize, textOf, type CanonicalForm } from "./canonical.js";
import { HashChainInputError, type ChainLink } from "./hash-chain.js";

export interface ChainLayout {
  readonly sequenceField: string;
  readonly hashField: string;
  /** The record's fields in canonical order (may include the sequence field). */
  readonly fields: readonly string[];
  readonly canonical: CanonicalForm;
}

/** Stream `path` as chain links; a malformed line is an error naming its line number. */
export async function* readJsonLines(
  path: string,
  layout: ChainLayout,
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

/** Build a link from a record object (file line, or a row a driver returned). */
export function linkFromObject(o: Readonly<Record<string, unknown>>, layout: ChainLayout, where: string): ChainLink {
  const seqText = textOf(o[layout.sequenceField]);
  const sequence = seqText === null ? NaN : Number(seqText);
  if (!Number.isSafeInteger(sequence))
    throw new HashChainInputError(`${where}: field "${layout.sequenceField}" is not an integer sequence number`);
  const h = o[layout.hashField];
  if (typeof h !== "string")
    throw new HashChainInputError(`${where}: field "${layout.hashField}" is missing or not a string`);
  return {
    sequence,
    hash: h,
    canonical: canonicalize(
      layout.canonical,
      layout.fields.map((f) => textOf(o[f])),
    ),
  };
}
