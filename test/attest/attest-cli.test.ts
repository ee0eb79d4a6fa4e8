/** @module `assay attest`: writes and updates an entry from flags, hashes documents, signs with the attester's key; the loader checks that signature. */
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import { loadSpec } from "../../src/catalog/index.js";
import { generateSigningKeys } from "../../src/evidence/index.js";
import { assay } from "../support/cli.js";
import { sha } from "./project.js";

const dir = mkdtempSync(join(tmpdir(), "assay-attest-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("assay attest", () => {
  it("adds, then updates, a signed attestation that the loader verifies; an edited one no longer verifies", async () => {
    mkdirSync(join(dir, "docs"));
    writeFileSync(join(dir, "docs", "minutes.txt"), "Management review 2026-10-14\n");
    const key = join(dir, "dana.jwk");
    writeFileSync(key, JSON.stringify((await generateSigningKeys()).privateJwk));
    chmodSync(key, 0o600);
    const file = join(dir, "attestations", "isms.yaml");
    writeFileSync(join(dir, "assay.yaml"), "project: { name: cli }\nattestations: [attestations/*.yaml]\n");
    const who = ["--name", "Dana Reyes", "--role", "CISO", "--email", "dana@example.com"];
    const first = await assay(
      "attest",
      "iso-9.3",
      "-f",
      file,
      "--status",
      "partially_implemented",
      "--statement",
      "Draft minutes.",
      ...who,
    );
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /added the attestation of iso-9\.3 .* \(unsigned\)/);
    const args = [
      "attest",
      "iso-9.3",
      "-f",
      file,
      "--status",
      "implemented",
      "--statement",
      "Review held, minutes approved.",
      ...who,
    ];
    const second = await assay(
      ...args,
      "--date",
      "2026-11-02",
      "--document",
      join(dir, "docs", "minutes.txt"),
      "--sign",
      key,
    );
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /updated the attestation of iso-9\.3 .* \(signed\)/);
    const data = parse(readFileSync(file, "utf8")) as { attestations: Record<string, unknown>[] };
    assert.equal(data.attestations.length, 1);
    assert.deepEqual(data.attestations[0]?.["documents"], [
      { path: "../docs/minutes.txt", sha256: sha("Management review 2026-10-14\n") },
    ]);
    const loaded = await loadSpec(join(dir, "assay.yaml"));
    assert.ok(loaded.ok);
    assert.equal(loaded.spec.attestations?.[0]?.signature?.valid, true);
    writeFileSync(file, readFileSync(file, "utf8").replace("minutes approved", "minutes approved by all"));
    const edited = await loadSpec(join(dir, "assay.yaml"));
    assert.ok(edited.ok);
    assert.equal(edited.spec.attestations?.[0]?.signature?.valid, false);
    assert.match(edited.spec.attestations?.[0]?.signature?.problem ?? "", /changed after it was signed/);
  });

  it("refuses not_applicable without a justification", async () => {
    const r = await assay(
      "attest",
      "iso-a.7.1",
      "-f",
      join(dir, "x.yaml"),
      "--status",
      "not_applicable",
      "--statement",
      "x",
      "--name",
      "A",
      "--role",
      "B",
      "--email",
      "a@b.c",
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /justification/);
  });
});
