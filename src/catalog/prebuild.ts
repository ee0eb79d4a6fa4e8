/**
 * @module Build step (`node dist/catalog/prebuild.js`, run by `npm run build` after tsc): writes
 * ajv standalone validators for every input schema, probe params schema and connector schema
 * (`dist/schema/validators.cjs`), and the index of the shipped controls (`controls.cache.json`) beside itself.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonSchema } from "../model/json.js";
import { PROBES } from "../probes/registry.js";
import { CONNECTORS } from "../targets/index.js";
import { CONTROLS_CACHE, type ControlsCache } from "./prebuilt.js";
import { CONTROLS_DIR } from "./resolve.js";
import { createAjv, schemaKey } from "../schema/ajv.js";
import { INPUT_KINDS, inputSchema } from "./schema.js";
import { parseSource } from "./source.js";

const require = createRequire(import.meta.url);

/** Every schema the loader validates with, keyed as the loader looks them up. */
export function knownSchemas(): Map<string, JsonSchema> {
  const all = [
    ...INPUT_KINDS.map((k) => inputSchema(k)),
    ...[...PROBES.values()].map((p) => p.meta.params),
    ...Object.values(CONNECTORS).map((c) => c.connectionSchema),
  ];
  return new Map(all.map((s) => [schemaKey(s), s]));
}

/** CommonJS source exporting one validator per schema; schemas ajv rejects are left to run time. */
export function standaloneValidators(schemas: ReadonlyMap<string, JsonSchema>): string {
  const standalone = (
    require("ajv/dist/standalone/index.js") as { default: (ajv: Ajv2020, refs: Record<string, string>) => string }
  ).default;
  const ajv = createAjv({ code: { source: true } });
  const refs: Record<string, string> = {};
  for (const [key, schema] of schemas) {
    try {
      createAjv().compile(structuredClone(schema));
      ajv.addSchema(structuredClone(schema), key);
      refs[key] = key;
    } catch {
      // An invalid schema is reported by the loader, with the check that uses it.
    }
  }
  return standalone(ajv, refs);
}

/** Data and positions of every shipped YAML file that parses cleanly. */
export function controlsCache(dir = CONTROLS_DIR): ControlsCache {
  const files: Record<string, ControlsCache["files"][string]> = {};
  const visit = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) visit(path);
      else if (/\.ya?ml$/i.test(e.name)) {
        const bytes = readFileSync(path);
        const src = parseSource(path, bytes.toString("utf8"));
        if (src.syntaxErrors.length > 0) continue;
        files[relative(dir, path).split(sep).join("/")] = {
          sha256: createHash("sha256").update(bytes).digest("hex"),
          data: src.data,
          positions: src.positions,
        };
      }
    }
  };
  visit(dir);
  return { version: 1, files };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL("../schema/validators.cjs", import.meta.url), standaloneValidators(knownSchemas()));
  writeFileSync(new URL(`./${CONTROLS_CACHE}`, import.meta.url), JSON.stringify(controlsCache()));
}
