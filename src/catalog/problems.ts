/** @module Problems found while loading inputs: every one carries `file:line:col`, none stops the load. */
import { relative } from "node:path";
import type { Path, Source } from "./source.js";
import { MAX_PROBLEMS_PER_FILE, safeMessage } from "./limits.js";
import { positionOf } from "./source.js";

export interface Problem {
  /** Absolute path of the file the problem is in. */
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
  readonly severity: "error" | "warning";
}

/** Where a problem points: a node of a parsed file (the key or the value at `path`), or a raw position. */
export type Locus =
  | { readonly src: Source; readonly path: Path; readonly part?: "key" | "value" }
  | { readonly file: string; readonly line: number; readonly col: number };

/** Collects errors and warnings from every file in one pass. */
export class Problems {
  readonly #items: Problem[] = [];
  readonly #seen = new Set<string>();

  constructor(private readonly baseDir: string) {}

  error(at: Locus, message: string): void {
    this.#add(at, message, "error");
  }

  warn(at: Locus, message: string): void {
    this.#add(at, message, "warning");
  }

  /** `file:line:col` of a locus, the file relative to the project folder: for "first defined at …". */
  where(at: Locus): string {
    const p = place(at);
    return `${relative(this.baseDir, p.file) || p.file}:${p.line}:${p.col}`;
  }

  get errorCount(): number {
    return this.#items.filter((p) => p.severity === "error").length;
  }

  /** Sorted by file, then position; identical problems appear once. */
  list(severity: Problem["severity"]): Problem[] {
    return this.#items
      .filter((p) => p.severity === severity)
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
  }

  #add(at: Locus, message: string, severity: Problem["severity"]): void {
    const p = { ...place(at), message: safeMessage(message), severity };
    const key = `${p.file}\0${p.line}\0${p.col}\0${message}\0${severity}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#items.push(p);
  }
}

function place(at: Locus): { file: string; line: number; col: number } {
  if ("src" in at) return { file: at.src.file, ...positionOf(at.src, at.path, at.part ?? "value") };
  return { file: at.file, line: at.line, col: at.col };
}

/**
 * For the terminal: at most `MAX_PROBLEMS_PER_FILE` problems of each severity per file, the rest
 * counted in one line ("and N more"), so a binary or hostile file cannot flood it.
 */
export function capPerFile(problems: readonly Problem[]): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, number>();
  for (const p of problems) {
    const key = `${p.severity}\0${p.file}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n <= MAX_PROBLEMS_PER_FILE) out.push(p);
  }
  for (const [key, n] of seen) {
    if (n <= MAX_PROBLEMS_PER_FILE) continue;
    const last = out.findLastIndex((p) => `${p.severity}\0${p.file}` === key);
    const at = out[last];
    if (at)
      out.splice(last + 1, 0, {
        ...at,
        message: `and ${n - MAX_PROBLEMS_PER_FILE} more ${at.severity}s in this file (the first ${MAX_PROBLEMS_PER_FILE} are shown)`,
      });
  }
  return out;
}
