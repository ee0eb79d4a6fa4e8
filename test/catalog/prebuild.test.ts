/** @module The build step: precompiled validators answer exactly like compiled ones; the controls index skips broken files. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { controlsCache, knownSchemas, standaloneValidators } from "../../src/catalog/prebuild.js";
import { inputSchema } from "../../src/catalog/schema.js";
import { createAjv, schemaKey } from "../../src/schema/ajv.js";
import { parseSource } from "../../src/catalog/source.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
// Inside the repository (.tmp/ is ignored by git) so the generated code resolves ajv's runtime helpers.
const tmp = fileURLToPath(new URL("../../.tmp/", import.meta.url));
mkdirSync(tmp, { recursive: true });
const dir = mkdtempSync(join(tmp, "prebuild-"));
after(() => rmSync(dir, { recursive: true, force: true }));

type Fn = ((d: unknown) => boolean) & { errors?: unknown };

describe("precompiled validators", () => {
  const file = join(dir, "validators.cjs");
  writeFileSync(file, standaloneValidators(knownSchemas()));
  const table = createRequire(import.meta.url)(file) as Record<string, Fn>;
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
