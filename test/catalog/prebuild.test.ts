/**
 * @module The build step: precompiled validators answer exactly like compiled ones; the record of
 * validations holds what live validation finds; the probe metas module equals the registry's metas;
 * the controls index skips broken files.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { controlsCache, knownSchemas, recordedValidations, standaloneValidators } from "../../src/catalog/prebuild.js";
import { CONTROLS_DIR } from "../../src/catalog/resolve.js";
import { inputSchema } from "../../src/catalog/schema.js";
import { metasModule } from "../../src/probes/metas.js";
import { PROBES } from "../../src/probes/registry.js";
import { createAjv, schemaKey, validate, validationKey } from "../../src/schema/ajv.js";
import { parseSource } from "../../src/catalog/source.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
// Inside the repository (.tmp/ is ignored by git) so the generated code resolves ajv's runtime helpers.
const tmp = fileURLToPath(new URL("../../.tmp/", import.meta.url));
mkdirSync(tmp, { recursive: true });
const dir = mkdtempSync(join(tmp, "prebuild-"));
after(() => rmSync(dir, { recursive: true, force: true }));

type Fn = ((d: unknown) => boolean) & { errors?: unknown };

describe("precompiled validators", () => {
  const require = createRequire(import.meta.url);
  const table: Record<string, Fn> = {};
  for (const [key, code] of standaloneValidators(knownSchemas())) {
    writeFileSync(join(dir, `${key}.cjs`), code);
    table[key] = require(join(dir, `${key}.cjs`)) as Fn;
  }
  const cases = [
    ["project", "broken/assay.yaml"],
    ["catalog", "broken/catalog.yaml"],
    ["checks", "broken/checks.yaml"],
    ["waivers", "broken/waivers.yaml"],
    ["profile", "valid/profiles/tight.yaml"],
  ] as const;
  for (const [kind, name] of cases) {
    it(`report the same errors as ajv compiled at run time (${kind}: ${name})`, () => {
      const data = parseSource(name, readFileSync(join(fixtures, name), "utf8")).data;
      const schema = inputSchema(kind);
      const pre = table[schemaKey(schema)];
      assert.ok(pre, `no precompiled validator for ${kind}`);
      const live = createAjv().compile(structuredClone(schema));
      assert.equal(pre(data), live(data));
      assert.deepEqual(pre.errors ?? null, live.errors ?? null);
    });
  }

  it("cover every probe params schema and connector schema", () => {
    for (const key of knownSchemas().keys()) assert.equal(typeof table[key], "function", key);
  });
});

describe("controls index", () => {
  it("keeps data and positions of clean files and leaves files with syntax errors to be parsed", () => {
    const cache = controlsCache(join(fixtures, "broken"));
    assert.equal(cache.files["extra.yaml"], undefined);
    const entry = cache.files["catalog.yaml"];
    const parsed = parseSource("x", readFileSync(join(fixtures, "broken/catalog.yaml"), "utf8"));
    assert.deepEqual(entry?.data, parsed.data);
    assert.deepEqual(entry?.positions, parsed.positions);
    assert.match(entry?.sha256 ?? "", /^[0-9a-f]{64}$/);
  });
});

describe("recorded validations", () => {
  it("hold, for the shipped catalogs and checks, exactly what validating them live finds", async () => {
    const record = await recordedValidations();
    const shipped = [
      ["catalog", "gdpr.yaml"],
      ["catalog", "iso27001-2022.yaml"],
      ["checks", "checks/postgres.yaml"],
      ["profile", "profiles/strict.yaml"],
    ] as const;
    for (const [kind, name] of shipped) {
      const bytes = readFileSync(join(CONTROLS_DIR, name));
      const data = parseSource(name, bytes.toString("utf8")).data;
      const key = validationKey(inputSchema(kind), data, [], false, createHash("sha256").update(bytes).digest("hex"));
      assert.ok(key && record[key], `${name} is recorded`);
      assert.deepEqual(record[key], validate(inputSchema(kind), data));
    }
    // Params holding ${target:…} fail their schema until a target's attribute is substituted: recorded with their issues.
    assert.ok(Object.values(record).some((issues) => issues.length > 0));
  });
});

describe("probe metas module (what the bundle loads instead of the probes)", () => {
  it("exports the metas of every registered probe, equal to the registry's", async () => {
    const file = join(dir, "metas.mjs");
    writeFileSync(file, metasModule(PROBES));
    const { PROBE_METAS } = (await import(file)) as { PROBE_METAS: Map<string, { meta: unknown }> };
    assert.deepEqual([...PROBE_METAS.keys()], [...PROBES.keys()]);
    // Only JSON values (TypeBox's symbol keys aside): nothing a JSON copy would drop or change.
    const plain = (v: unknown): boolean =>
      v === null ||
      ["string", "boolean"].includes(typeof v) ||
      (typeof v === "number" && Number.isFinite(v)) ||
      (Array.isArray(v) && v.every(plain)) ||
      (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(plain));
    for (const [id, probe] of PROBES) {
      assert.ok(plain(probe.meta), `${id}: meta is plain data`);
      const meta = PROBE_METAS.get(id)?.meta as typeof probe.meta;
      assert.deepEqual(meta, JSON.parse(JSON.stringify(probe.meta)), id);
      assert.equal(schemaKey(meta.params), schemaKey(probe.meta.params), `${id}: same precompiled validator`);
    }
  });
});
