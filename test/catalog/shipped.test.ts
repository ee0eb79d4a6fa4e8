/** @module The shipped catalogs, checks, profiles and mappings load without a single problem. */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { CONTROLS_DIR, PACKAGE_ROOT, loadSpec, type Problem } from "../../src/catalog/index.js";

const example = join(PACKAGE_ROOT, "examples", "config", "assay.yaml");
const shipped = ["gdpr.yaml", "iso27001-2022.yaml", "profiles/baseline.yaml"].every((f) =>
  existsSync(join(CONTROLS_DIR, f)),
);
const dir = mkdtempSync(join(tmpdir(), "assay-shipped-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const show = (ps: readonly Problem[]): string => ps.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join("\n");

describe("shipped controls", { skip: !shipped && "controls/ not written yet" }, () => {
  it("load by default (no catalogs, checks, profile or mappings named) without problems", async () => {
    writeFileSync(join(dir, "assay.yaml"), "project: { name: defaults }\n");
    const r = await loadSpec(join(dir, "assay.yaml"));
    assert.ok(r.ok, r.ok ? "" : show(r.problems));
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(
      r.spec.frameworks.map((f) => f.id),
      ["gdpr", "iso27001-2022"],
    );
    assert.equal(r.spec.profile.id, "baseline");
    assert.ok(r.spec.checks.size > 0, "some checks are shipped");
    assert.ok(
      [...r.spec.inputs.keys()].some((f) => f.startsWith(CONTROLS_DIR)),
      "shipped files are hashed as inputs",
    );
  });

  const profiles = existsSync(join(CONTROLS_DIR, "profiles"))
    ? readdirSync(join(CONTROLS_DIR, "profiles")).filter((f) => f.endsWith(".yaml"))
    : [];
  for (const file of profiles) {
    const id = file.replace(/\.yaml$/, "");
    it(`accept the shipped profile "${id}" given by id`, async () => {
      writeFileSync(join(dir, `${id}.yaml`), "project: { name: profiles }\n");
      const r = await loadSpec(join(dir, `${id}.yaml`), { profile: id });
      assert.ok(r.ok, r.ok ? "" : show(r.problems));
      assert.equal(r.spec.profile.id, id);
    });
  }

  it(
    "serve the example project without problems",
    { skip: !existsSync(example) && "examples/config/assay.yaml not written yet" },
    async () => {
      const r = await loadSpec(example);
      assert.ok(r.ok, r.ok ? "" : show(r.problems));
      assert.deepEqual(r.warnings, []);
      assert.ok(r.spec.targets.length > 0);
    },
  );
});
