/**
 * @module Build step (`node dist/catalog/prebuild.js`, run by `npm run build` after tsc): writes
 * ajv standalone validators for every input schema, probe params schema and connector schema
 * (`dist/schema/validators/<key>.cjs`), what validating the shipped controls finds
 * (`dist/schema/validations.json`), and the index of the shipped controls (`controls.cache.json`) beside itself.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonSchema } from "../model/json.js";
import { PROBES } from "../probes/registry.js";
import { CONNECTORS } from "../targets/index.js";
import { CONTROLS_CACHE, type ControlsCache } from "./prebuilt.js";
import { CONTROLS_DIR } from "./resolve.js";
import { createAjv, PREBUILT, recordValidations, schemaKey } from "../schema/ajv.js";
import type { SchemaIssue } from "../schema/issues.js";
import { loadSpec } from "./load.js";
import { INPUT_KINDS, inputSchema } from "./schema.js";
import { looksBinary, tooDeep } from "./limits.js";
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

/**
 * Key → CommonJS source of a module whose export is that schema's validator (one module per schema,
 * so a command loads only the validators it uses); schemas ajv rejects are left to run time.
 */
export function standaloneValidators(schemas: ReadonlyMap<string, JsonSchema>): Map<string, string> {
  const standalone = (
    require("ajv/dist/standalone/index.js") as { default: (ajv: Ajv2020, refOrSchema?: unknown) => string }
  ).default;
  const out = new Map<string, string>();
  for (const [key, schema] of schemas) {
    try {
      const ajv = createAjv({ code: { source: true } });
      out.set(key, standalone(ajv, ajv.compile(structuredClone(schema))));
    } catch {
      // An invalid schema is reported by the loader, with the check that uses it.
    }
  }
  return out;
}

/**
 * Every validation (key → issues) the loader runs when a project uses the shipped catalogs, checks,
 * mappings and each shipped profile, on a project without targets: the record `validate` answers from.
 */
export async function recordedValidations(dir = CONTROLS_DIR): Promise<Record<string, readonly SchemaIssue[]>> {
  const tmp = mkdtempSync(join(tmpdir(), "assay-prebuild-"));
  try {
    const file = join(tmp, "assay.yaml");
    writeFileSync(file, "project: { name: prebuild }\n");
    const recorded = recordValidations();
    for (const profile of readdirSync(join(dir, "profiles"))) {
      const result = await loadSpec(file, { profile: join(dir, "profiles", profile) });
      if (!result.ok) throw new Error(`the shipped controls do not load with profile ${profile}`);
    }
    return Object.fromEntries([...recorded].sort(([a], [b]) => a.localeCompare(b)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Data and positions of every shipped YAML file that is text, shallow, and parses cleanly. */
export function controlsCache(dir = CONTROLS_DIR): ControlsCache {
  const files: Record<string, ControlsCache["files"][string]> = {};
  const visit = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) visit(path);
      else if (/\.ya?ml$/i.test(e.name)) {
        const bytes = readFileSync(path);
        // Only files the loader would parse: it skips its binary and depth checks for indexed ones.
        if (looksBinary(bytes) || tooDeep(bytes.toString("utf8")) !== undefined) continue;
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
  const validators = new URL(`../schema/${PREBUILT.validators}/`, import.meta.url);
  rmSync(validators, { recursive: true, force: true });
  mkdirSync(validators);
  for (const [key, code] of standaloneValidators(knownSchemas()))
    writeFileSync(new URL(`${key}.cjs`, validators), code);
  writeFileSync(
    new URL(`../schema/${PREBUILT.validations}`, import.meta.url),
    JSON.stringify(await recordedValidations()),
  );
  writeFileSync(new URL(`./${CONTROLS_CACHE}`, import.meta.url), JSON.stringify(controlsCache()));
}
