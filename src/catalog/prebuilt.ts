/**
 * @module Shipped controls indexed at build time (`dist/catalog/controls.cache.json`): data and
 * positions of each file, used only when the file's SHA-256 still matches, so `assay check` does not
 * parse the large catalogs' YAML on every run. From `src/` there is no cache and files are parsed.
 */
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { CONTROLS_DIR } from "./resolve.js";
import type { PositionIndex, Source } from "./source.js";

export const CONTROLS_CACHE = "controls.cache.json";

export interface ControlsCache {
  readonly version: 1;
  /** Path relative to controls/ (with `/`) → content hash, parsed data and positions. */
  readonly files: Readonly<
    Record<string, { readonly sha256: string; readonly data: unknown; readonly positions: PositionIndex }>
  >;
}

let cache: ControlsCache | null | undefined;

export function prebuiltSource(file: string, sha256: string): Source | undefined {
  if (!file.startsWith(CONTROLS_DIR + sep)) return undefined;
  if (cache === undefined) {
    try {
      const parsed = JSON.parse(readFileSync(new URL(`./${CONTROLS_CACHE}`, import.meta.url), "utf8")) as ControlsCache;
      cache = parsed.version === 1 ? parsed : null;
    } catch {
      cache = null;
    }
  }
  const entry = cache?.files[relative(CONTROLS_DIR, file).split(sep).join("/")];
  return entry?.sha256 === sha256
    ? { file, data: entry.data, syntaxErrors: [], positions: entry.positions }
    : undefined;
}
