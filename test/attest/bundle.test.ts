/**
 * @module The auditor package round trip: `assay bundle` of a month with two chained runs, verified
 * by `assay verify`; then one byte flipped in each member in turn, and the failure names that
 * member. The package signature and member hashes are also checked with openssl and sha256sum
 * (the VERIFY.md recipe), not with Assay's code.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createPublicKey, type JsonWebKey } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import yauzl from "yauzl";
import { ZipFile } from "yazl";
import { buildAuditPackage } from "../../src/deliver/build.js";
import { verifyAuditPackage } from "../../src/deliver/verify.js";
import { evaluate } from "../../src/evaluate/index.js";
import { resolveSigningKey, writeEvidenceRun } from "../../src/evidence/index.js";
import { assay } from "../support/cli.js";
import { attestedRun, type AttestedRun } from "./project.js";

const dir = mkdtempSync(join(tmpdir(), "assay-bundle-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let run: AttestedRun;
let zip: string;
let keyFile: string;

/** Every member of a zip, read with yauzl directly. */
function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((ok, fail) => {
    const out = new Map<string, Buffer>();
    yauzl.open(file, { lazyEntries: true }, (err, z) => {
      if (err) return fail(err);
      z.on("end", () => ok(out));
      z.on("entry", (e: yauzl.Entry) =>
        z.openReadStream(e, (e2, s) => {
          if (e2) return fail(e2);
          const chunks: Buffer[] = [];
          s.on("data", (c: Buffer) => chunks.push(c));
          s.on("end", () => {
            out.set(e.fileName, Buffer.concat(chunks));
            z.readEntry();
          });
        }),
      );
      z.readEntry();
    });
  });
}

function writeZip(file: string, members: ReadonlyMap<string, Buffer>): Promise<void> {
  const z = new ZipFile();
  for (const [p, b] of members) z.addBuffer(b, p);
  const chunks: Buffer[] = [];
  return new Promise((ok, fail) => {
    z.outputStream.on("data", (c: Buffer) => chunks.push(c));
    z.outputStream.on("end", () => {
      writeFileSync(file, Buffer.concat(chunks));
      ok();
    });
    z.outputStream.on("error", fail);
    z.end();
  });
}

before(async () => {
  run = await attestedRun(dir, "2026-11-20");
  // a second run of the same month, chained to the first
  const result = evaluate({
    spec: run.spec,
    plan: { invocations: [], bindings: [], unmatched: [] },
    observations: [],
    runId: "2026-11-30T12-00-00Z-second",
    startedAt: "2026-11-30T12:00:00.000Z",
    endedAt: "2026-11-30T12:00:01.000Z",
    today: "2026-11-30",
    gate: {},
  });
  const { key } = await resolveSigningKey(run.spec);
  await writeEvidenceRun({
    result,
    spec: run.spec,
    key,
    evidenceDir: run.evidenceDir,
    assayVersion: "0.0.0-test",
    durable: false,
  });
  keyFile = join(dir, "trusted.jwk");
  writeFileSync(keyFile, JSON.stringify(key.publicJwk));
  zip = join(dir, "audit-2026-11.zip");
  await buildAuditPackage({
    evidenceDir: run.evidenceDir,
    selector: "2026-11",
    out: zip,
    key,
    projectName: run.spec.projectName,
    formats: ["html", "json", "soa", "soa-csv", "soa-xlsx"],
    publicKey: [keyFile],
  });
});

describe("auditor package", () => {
  it("holds both runs, their documents, reports, SoA, JWKS with validity and VERIFY.md, and verifies", async () => {
    const members = await readZip(zip);
    const names = [...members.keys()];
    for (const want of ["MANIFEST.json", "MANIFEST.jws", "VERIFY.md", "SHA256SUMS", "keys/jwks.json"])
      assert.ok(names.includes(want), want);
    assert.equal(names.filter((n) => /^evidence\/[^/]+\/manifest\.jws$/.test(n)).length, 2);
    assert.equal(names.filter((n) => n.startsWith("evidence/documents/")).length, 2);
    assert.ok(names.some((n) => n.endsWith("/soa.xlsx")) && names.some((n) => n.endsWith("/report.html")));
    const jwks = JSON.parse(members.get("keys/jwks.json")?.toString() ?? "{}") as { keys: Record<string, string>[] };
    assert.equal(jwks.keys[0]?.["valid_from"], "2026-11-20T12:00:00.000Z");
    assert.equal(jwks.keys[0]?.["valid_until"], "2026-11-30T12:00:01.000Z");
    const v = await verifyAuditPackage(zip, { publicKey: keyFile });
    assert.ok(v.ok, v.problem?.message);
    assert.ok(
      v.checked.some((c) => /chained to 2026-11-20T12-00-00Z-test/.test(c)),
      v.checked.join("\n"),
    );
  });

  it("names the member when one byte of any member is flipped", async () => {
    const members = await readZip(zip);
    // Since evidence format 2 a run is 5 files (one segment for its records), so fewer members than before.
    assert.ok(members.size > 20, `${members.size} members`);
    const bad = join(dir, "flipped.zip");
    for (const [name, bytes] of members) {
      const copy = new Map(members);
      const flipped = Buffer.from(bytes);
      const at = Math.floor(flipped.length / 2);
      flipped[at] = (flipped[at] ?? 0) ^ 0x01;
      copy.set(name, flipped);
      await writeZip(bad, copy);
      const v = await verifyAuditPackage(bad, { publicKey: keyFile });
      assert.equal(v.ok, false, `flip in ${name} went unnoticed`);
      assert.equal(v.problem?.member, name, `flip in ${name}: ${v.problem?.member ?? ""} ${v.problem?.message ?? ""}`);
    }
  });

  it("names an added member, a missing member and a foreign key", async () => {
    const members = await readZip(zip);
    const bad = join(dir, "edited.zip");
    await writeZip(bad, new Map([...members, ["evidence/documents/extra", Buffer.from("x")]]));
    assert.match(
      (await verifyAuditPackage(bad, { publicKey: keyFile })).problem?.message ?? "",
      /member evidence\/documents\/extra is not in the signed manifest/,
    );
    const without = new Map(members);
    const doc = [...members.keys()].find((n) => n.startsWith("evidence/documents/")) ?? "";
    without.delete(doc);
    await writeZip(bad, without);
    assert.equal((await verifyAuditPackage(bad, { publicKey: keyFile })).problem?.member, doc);
    const other = join(dir, "other.jwk");
    const { generateSigningKeys } = await import("../../src/evidence/index.js");
    writeFileSync(other, JSON.stringify((await generateSigningKeys()).publicJwk));
    const foreign = await verifyAuditPackage(zip, { publicKey: other });
    assert.equal(foreign.problem?.member, "MANIFEST.jws");
    assert.match(foreign.problem?.message ?? "", /not a trusted key/);
  });

  it(
    "verifies with openssl and sha256sum as VERIFY.md says",
    { skip: !existsSync("/usr/bin/openssl") && "no openssl" },
    async () => {
      const out = join(dir, "unzipped");
      for (const [name, bytes] of await readZip(zip)) {
        mkdirSync(dirname(join(out, name)), { recursive: true });
        writeFileSync(join(out, name), bytes);
      }
      const jws = readFileSync(join(out, "MANIFEST.jws"), "utf8").split(".");
      writeFileSync(join(out, "signing-input"), `${jws[0]}.${jws[1]}`);
      writeFileSync(join(out, "signature"), Buffer.from(jws[2] ?? "", "base64url"));
      const jwk = JSON.parse(readFileSync(keyFile, "utf8")) as JsonWebKey;
      writeFileSync(
        join(out, "trusted.pem"),
        createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "pem" }),
      );
      const args = [
        "pkeyutl",
        "-verify",
        "-pubin",
        "-inkey",
        "trusted.pem",
        "-rawin",
        "-in",
        "signing-input",
        "-sigfile",
        "signature",
      ];
      assert.match(execFileSync("openssl", args, { cwd: out }).toString(), /Signature Verified Successfully/);
      assert.deepEqual(Buffer.from(jws[1] ?? "", "base64url"), readFileSync(join(out, "MANIFEST.json")));
      execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: out });
      assert.match(readFileSync(join(out, "VERIFY.md"), "utf8"), /openssl pkeyutl -verify/);
    },
  );

  it("assay verify on the zip prints what it checked, and exits 1 naming the member that failed", async () => {
    const ok = await assay("verify", zip, "--key", keyFile);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /VERIFIED/);
    const members = await readZip(zip);
    const victim = [...members.keys()].find((n) => n.endsWith("records/000001.jsonl")) ?? "";
    const bytes = Buffer.from(members.get(victim) ?? Buffer.alloc(1));
    bytes[0] = (bytes[0] ?? 0) ^ 0x01;
    const bad = join(dir, "cli-bad.zip");
    await writeZip(bad, new Map([...members, [victim, bytes]]));
    const r = await assay("verify", bad, "--key", keyFile);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      new RegExp(`✗ ${victim.replace(/[.]/g, "\\.")}: member ${victim.replace(/[.]/g, "\\.")} was modified`),
    );
    assert.match(r.stdout, /NOT VERIFIED/);
  });
});
