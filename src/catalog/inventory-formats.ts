/**
 * @module Inventory files read into one shape, `{ targets: [entry…] }`, with positions: YAML as is,
 * JSON Lines one entry per line, CSV one entry per row (`id`, `type`, `group`, `tags` columns;
 * `attributes.NAME` columns become attributes; every other column is a connection field, `a.b`
 * nested; cells are strings until the loader reads them with the connector's schema). Each
 * entry keeps its `line:col`, so later checks point at the row and field that are wrong.
 */
import { parse as parseCsv } from "csv-parse/sync";
import type { JsonObject, JsonValue } from "../model/json.js";
import { parseSource, type Source } from "./source.js";

export type InventoryFormat = "yaml" | "jsonl" | "csv";

export function inventoryFormat(file: string): InventoryFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  if (ext === "yaml" || ext === "yml") return "yaml";
  if (ext === "jsonl" || ext === "ndjson") return "jsonl";
  if (ext === "csv") return "csv";
  return undefined;
}

const SEP = "\u001f";

/** Parse an inventory file; syntax errors are returned with positions, never with the file's text. */
export function parseInventory(file: string, text: string, format: InventoryFormat): Source {
  if (format === "yaml") return parseSource(file, text);
  return format === "jsonl" ? parseJsonLines(file, text) : parseCsvRows(file, text);
}

function parseJsonLines(file: string, text: string): Source {
  const targets: unknown[] = [];
  const positions: Record<string, number[]> = { "": [1, 1], targets: [1, 1] };
  const syntaxErrors: { line: number; col: number; message: string }[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      // V8's message quotes the line; the line may hold a secret.
      syntaxErrors.push({ line, col: 1, message: "JSON Lines: this line is not one JSON value" });
      return;
    }
    const at = `targets${SEP}${targets.length}`;
    positions[at] = [line, 1];
    indexKeys(value, at, raw, line, positions);
    targets.push(value);
  });
  return { file, data: { targets }, syntaxErrors, positions };
}

/** Positions of the keys of an entry and of its `connection`/`attributes`, found in the raw line. */
function indexKeys(value: unknown, at: string, raw: string, line: number, positions: Record<string, number[]>): void {
  if (!value || typeof value !== "object" || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const col = raw.indexOf(JSON.stringify(k)) + 1 || 1;
    positions[`${at}${SEP}${k}`] = [line, col, line, col];
    if (k === "connection" || k === "attributes") indexKeys(v, `${at}${SEP}${k}`, raw, line, positions);
  }
}

const CORE = new Set(["id", "type", "group"]);

function parseCsvRows(file: string, text: string): Source {
  const positions: Record<string, number[]> = { "": [1, 1], targets: [1, 1] };
  const targets: JsonObject[] = [];
  type Row = { record: Record<string, string>; info: { lines: number }; raw: string };
  let rows: Row[];
  try {
    rows = parseCsv<Row>(text, {
      columns: true,
      info: true,
      raw: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    const code = (err as { code?: string }).code ?? "CSV_INVALID";
    return {
      file,
      data: { targets },
      syntaxErrors: [{ line, col: 1, message: `CSV: malformed row (${code})` }],
      positions,
    };
  }
  for (const { record, info, raw } of rows) {
    const line = info.lines;
    const at = `targets${SEP}${targets.length}`;
    positions[at] = [line, 1];
    const cols = fieldColumns(raw);
    const entry: JsonObject = {};
    const connection: JsonObject = {};
    const attributes: JsonObject = {};
    Object.entries(record).forEach(([column, value], n) => {
      if (value === "") return;
      const col = cols[n] ?? 1;
      const put = (path: string) => (positions[`${at}${SEP}${path}`] = [line, col, line, col]);
      if (CORE.has(column)) {
        entry[column] = value;
        put(column);
      } else if (column === "tags") {
        entry["tags"] = value.split(/[;\s]+/).filter((t) => t !== "");
        put("tags");
      } else if (column.startsWith("attributes.")) {
        const name = column.slice("attributes.".length);
        attributes[name] = cellValue(value);
        put(`attributes${SEP}${name}`);
      } else {
        // `ssl.mode` fills connection.ssl.mode
        const keys = column.split(".");
        let into = connection;
        for (const k of keys.slice(0, -1)) {
          const next = into[k];
          into = into[k] = next && typeof next === "object" && !Array.isArray(next) ? next : {};
        }
        into[keys[keys.length - 1] ?? column] = value;
        put(["connection", ...keys].join(SEP));
      }
    });
    if (Object.keys(connection).length > 0) entry["connection"] = connection;
    if (Object.keys(attributes).length > 0) entry["attributes"] = attributes;
    targets.push(entry);
  }
  return { file, data: { targets }, syntaxErrors: [], positions: positions };
}

/** An attribute cell holding a JSON list or object is read as JSON; anything else stays a string. */
function cellValue(s: string): JsonValue {
  if (/^[[{]/.test(s)) {
    try {
      return JSON.parse(s) as JsonValue;
    } catch {
      return s;
    }
  }
  return s;
}

/** 1-based column where each field of a raw CSV record starts (quotes respected). */
function fieldColumns(raw: string): number[] {
  const cols = [1];
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') quoted = !quoted;
    else if (c === "," && !quoted) cols.push(i + 2);
    else if (c === "\n" && !quoted) break;
  }
  return cols;
}
