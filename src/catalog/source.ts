/**
 * @module YAML files parsed with their positions kept, so any JSON path into the data (an ajv
 * `instancePath`, an index found by a semantic check) maps back to `line:col` in the file.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from "yaml";

export type Path = readonly (string | number)[];

export interface Source {
  /** Absolute path. */
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** The parsed value (plain JSON), partial after a syntax error; `undefined` when nothing could be recovered. */
  readonly data: unknown;
  /** YAML syntax errors, with positions. */
  readonly syntaxErrors: readonly { line: number; col: number; message: string }[];
}

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
    syntaxErrors.push({ line: 1, col: 1, message: `YAML: ${err instanceof Error ? err.message : String(err)}` });
  }
  return { file, doc, lines, data, syntaxErrors };
}

function yamlMessage(code: string, message: string): string {
  const text = message.replace(/\s+at line \d+, column \d+.*$/s, "");
  return code === "DUPLICATE_KEY" ? `YAML: ${text} (a key appears twice in the same mapping)` : `YAML syntax error: ${text}`;
}

/**
 * Line and column (1-based) of the node at `path`: its key (`part: "key"`) or its value. When the
 * path goes further than the file (a missing key), the deepest node that exists is used.
 */
export function positionOf(src: Source, path: Path, part: "key" | "value"): { line: number; col: number } {
  let node: unknown = src.doc.contents;
  let best: unknown = node;
  for (const [i, seg] of path.entries()) {
    let keyNode: unknown;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      keyNode = pair.key;
      next = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      next = node.items[Number(seg)];
      if (next === undefined || next === null) break;
    } else break;
    node = next;
    best = part === "key" && i === path.length - 1 && keyNode ? keyNode : next;
  }
  const offset = rangeStart(best);
  return offset === undefined ? { line: 1, col: 1 } : src.lines.linePos(offset);
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === "object" && "range" in node) {
    const range = (node as { range?: readonly number[] | null }).range;
    return range?.[0];
  }
  return undefined;
}
