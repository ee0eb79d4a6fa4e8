/**
 * @module YAML files parsed with their positions kept, so any JSON path into the data (an ajv
 * `instancePath`, an index found by a semantic check) maps back to `line:col` in the file.
 */
import { errorMessage } from "../errors.js";
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Path } from "../schema/issues.js";

export type { Path };

/**
 * Path (segments joined by U+001F) → `[line, col]` of the value, plus `[…, keyLine, keyCol]` when
 * the value sits under a mapping key. Plain JSON, so shipped files can be indexed at build time.
 */
export type PositionIndex = Readonly<Record<string, readonly number[]>>;

export interface Source {
  /** Absolute path. */
  readonly file: string;
  /** The parsed value (plain JSON), partial after a syntax error; `undefined` when nothing could be recovered. */
  readonly data: unknown;
  /** YAML syntax errors, with positions. */
  readonly syntaxErrors: readonly { line: number; col: number; message: string }[];
  readonly positions: PositionIndex;
}

const SEP = "\u001f";
const join = (path: Path): string => path.map(String).join(SEP);

export function parseSource(file: string, text: string): Source {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntaxErrors = doc.errors.map((e) => ({ ...lines.linePos(e.pos[0]), message: yamlMessage(e.code, e.message) }));
  // After a syntax error the data is what the parser could recover: good enough to know which ids
  // the file declares (so references into it are not all reported as unknown), not to validate.
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch (err) {
    syntaxErrors.push({ line: 1, col: 1, message: `YAML: ${errorMessage(err)}` });
  }
  const positions: Record<string, number[]> = {};
  const at = (node: unknown): number[] | undefined => {
    const offset = rangeStart(node);
    if (offset === undefined) return undefined;
    const p = lines.linePos(offset);
    return [p.line, p.col];
  };
  const walk = (node: unknown, path: string, key?: unknown): void => {
    const value = at(node) ?? at(key);
    if (!value) return;
    const keyPos = key !== undefined ? at(key) : undefined;
    positions[path] = keyPos ? [...value, ...keyPos] : value;
    if (isAlias(node)) return;
    const child = (seg: string): string => (path === "" ? seg : `${path}${SEP}${seg}`);
    if (isMap(node)) {
      for (const pair of node.items)
        if (isScalar(pair.key)) walk(pair.value ?? pair.key, child(String(pair.key.value)), pair.key);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, child(String(i))));
    }
  };
  if (doc.contents) walk(doc.contents, "");
  return { file, data, syntaxErrors, positions };
}

function yamlMessage(code: string, message: string): string {
  const text = message.replace(/\s+at line \d+, column \d+.*$/s, "");
  return code === "DUPLICATE_KEY"
    ? `YAML: ${text} (a key appears twice in the same mapping)`
    : `YAML syntax error: ${text}`;
}

/**
 * Line and column (1-based) of the node at `path`: its key (`part: "key"`) or its value. When the
 * path goes further than the file (a missing key), the deepest node that exists is used.
 */
export function positionOf(src: Source, path: Path, part: "key" | "value"): { line: number; col: number } {
  for (let n = path.length; n >= 0; n--) {
    const p = src.positions[join(path.slice(0, n))];
    if (!p) continue;
    const [line = 1, col = 1] = part === "key" && n === path.length && p.length === 4 ? p.slice(2) : p;
    return { line, col };
  }
  return { line: 1, col: 1 };
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === "object" && "range" in node) {
    const range = (node as { range?: readonly number[] | null }).range;
    return range?.[0];
  }
  return undefined;
}
