/**
 * @module The record bytes of a run folder in either evidence format (layout.ts): format 1 has one
 * file per record, format 2 one line per record in segment files. Unverified: verify-run.ts checks
 * the same bytes against the signed index and Merkle root.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import type { RunManifest } from "../model/evidence.js";
import * as L from "./layout.js";

export interface RecordBytes {
  readonly sequence: number;
  /** Where the record is, as messages name it (`records/000001.jsonl:7`). */
  readonly ref: string;
  /** The record's canonical JSON (no line end): what its hash covers. */
  readonly bytes: Buffer;
}

/** The run's format: the signed manifest says; without one (an interrupted run), the record files do. */
export function formatOf(runDir: string, manifest: Pick<RunManifest, "schema"> | null): L.ManifestSchema {
  if (manifest?.schema === L.MANIFEST_SCHEMA_V1 || manifest?.schema === L.MANIFEST_SCHEMA) return manifest.schema;
  const dir = join(runDir, L.RECORDS_DIR);
  const names = existsSync(dir) ? readdirSync(dir) : [];
  return names.some((n) => /^\d+\.json$/.test(n)) && !existsSync(join(runDir, L.RECORD_HASHES)) ? L.MANIFEST_SCHEMA_V1 : L.MANIFEST_SCHEMA;
}

/** Segment files (format 2) or record files (format 1) present, in order, with the number in their name. */
export function recordFiles(runDir: string, schema: L.ManifestSchema): { readonly name: string; readonly n: number }[] {
  const dir = join(runDir, L.RECORDS_DIR);
  if (!existsSync(dir)) return [];
  const pattern = schema === L.MANIFEST_SCHEMA_V1 ? /^(\d+)\.json$/ : /^(\d+)\.jsonl$/;
  return readdirSync(dir)
    .flatMap((name) => {
      const m = pattern.exec(name);
      return m ? [{ name, n: parseInt(m[1]!, 10) }] : [];
    })
    .sort((a, b) => a.n - b.n);
}

/** The lines of one segment; `rest` is what follows the last line end (empty unless the file was cut). */
export function segmentLines(bytes: Buffer): { readonly lines: Buffer[]; readonly rest: Buffer } {
  const lines: Buffer[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a, start); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, nl));
    start = nl + 1;
  }
  return { lines, rest: bytes.subarray(start) };
}

/**
 * The lines of a segment file read in chunks, so memory is bounded by the longest line, not the
 * file: `visit(line, index)` for each complete line until it returns a result, which is then
 * returned as `stopped`. Otherwise `rest` is what follows the last line end.
 */
export function eachLine<T>(
  path: string,
  visit: (line: Buffer, index: number) => T | undefined,
  chunkBytes = 1 << 20,
): { readonly stopped: T; readonly lines: number } | { readonly stopped: undefined; readonly lines: number; readonly rest: Buffer } {
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let pieces: Buffer[] = []; // the line begun in earlier chunks
    let lines = 0;
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      const data = chunk.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a, start)) {
        const line = Buffer.concat([...pieces, data.subarray(start, nl)]);
        pieces = [];
        start = nl + 1;
        const stopped = visit(line, lines++);
        if (stopped !== undefined) return { stopped, lines };
      }
      if (start < n) pieces.push(Buffer.from(data.subarray(start))); // copied: the chunk is read into again
    }
    return { stopped: undefined, lines, rest: Buffer.concat(pieces) };
  } finally {
    closeSync(fd);
  }
}

/** Every record on disk in sequence order. Of an interrupted run: what reached the disk (an unfinished last line is left out). */
export function readRecordBytes(runDir: string, schema: L.ManifestSchema): RecordBytes[] {
  const dir = join(runDir, L.RECORDS_DIR);
  const out: RecordBytes[] = [];
  for (const f of recordFiles(runDir, schema)) {
    const bytes = readFileSync(join(dir, f.name));
    if (schema === L.MANIFEST_SCHEMA_V1) {
      out.push({ sequence: f.n, ref: L.recordRef(f.n, schema), bytes });
      continue;
    }
    for (const [i, line] of segmentLines(bytes).lines.entries()) {
      const sequence = (f.n - 1) * L.SEGMENT_RECORDS + i + 1;
      out.push({ sequence, ref: L.recordRef(sequence, schema), bytes: line });
    }
  }
  return out;
}
