/** @module Assay's own version, read from package.json (recorded in every evidence manifest). */
import { readFileSync } from "node:fs";

let cached: string | undefined;

export function assayVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
    .version;
  return cached;
}
