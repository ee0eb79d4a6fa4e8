/**
 * @module The offline run check an auditor runs with only Node and the trusted public key
 * (`check-run.cjs`, printed in VERIFY.md and docs/evidence.md): signature, signed manifest, every
 * record against the signed index (evidence formats 1 and 2), the Merkle root, the chain link. It
 * shares no code with Assay on purpose; test/evidence/offline-check.test.ts runs it.
 */
export const CHECK_RUN_SCRIPT = String.raw`// check-run.cjs: node check-run.cjs trusted.jwk evidence/<run>   (Node >= 18, no dependency)
const c = require("crypto"), fs = require("fs"), path = require("path");
const [keyFile, dir] = process.argv.slice(2);
const H = (...parts) => c.createHash("sha256").update(Buffer.concat(parts)).digest();
const fail = (m) => { console.log("NOT VERIFIED: " + m); process.exit(1); };
const has = (f) => fs.existsSync(path.join(dir, f));
const read = (f) => has(f) ? fs.readFileSync(path.join(dir, f)) : fail(f + " is missing");
const pad = (n) => String(n).padStart(6, "0");
if (has(".incomplete") || !has("manifest.jws")) fail("the run is incomplete (interrupted while being written)");
const [h, p, s] = read("manifest.jws").toString().split(".");
const alg = JSON.parse(Buffer.from(h, "base64url")).alg;
const key = c.createPublicKey({ key: JSON.parse(fs.readFileSync(keyFile, "utf8")), format: "jwk" });
let ok = false;
try { ok = c.verify(alg === "ES256" ? "sha256" : null, Buffer.from(h + "." + p), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(s || "", "base64url")); } catch {}
if (!ok) fail("the signature does not verify with " + keyFile);
if (!Buffer.from(p, "base64url").equals(read("manifest.json"))) fail("manifest.json is not the signed payload");
const m = JSON.parse(read("manifest.json"));
if (m.runId !== path.basename(path.resolve(dir))) fail("the signed manifest is for run " + m.runId);
let index, records, files;
if (m.schema === "assay/run-manifest@1") {          // format 1: records/NNNNNN.json, SHA256SUMS
  index = read("SHA256SUMS");
  files = Array.from({ length: m.recordCount }, (_, i) => pad(i + 1) + ".json");
  records = files.map((f) => read("records/" + f));
  if (index.toString() !== records.map((r, i) => H(r).toString("hex") + "  records/" + files[i] + "\n").join("")) fail("a record differs from SHA256SUMS");
} else if (m.schema === "assay/run-manifest@2") {   // format 2: records/NNNNNN.jsonl, 65,536 lines each; records.sha256
  index = read("records.sha256");
  files = Array.from({ length: Math.ceil(m.recordCount / 65536) }, (_, k) => pad(k + 1) + ".jsonl");
  records = [];
  for (const f of files) {
    const seg = read("records/" + f);
    if (seg.length > 0 && seg[seg.length - 1] !== 10) fail("records/" + f + " is cut short");
    for (let a = 0, b; a < seg.length; a = b + 1) records.push(seg.subarray(a, (b = seg.indexOf(10, a))));
  }
  const want = index.toString().split("\n");
  records.forEach((r, i) => { if (H(r).toString("hex") !== want[i]) fail("record " + (i + 1) + " (records/" + pad(Math.floor(i / 65536) + 1) + ".jsonl:" + ((i % 65536) + 1) + ") was modified"); });
  if (records.length !== m.recordCount || want.length !== m.recordCount + 1) fail("the run holds " + records.length + " records, the manifest lists " + m.recordCount);
} else fail("unknown evidence format " + m.schema);
if (H(index).toString("hex") !== m.recordsIndexSha256) fail("the record index is not the signed one");
const extra = fs.readdirSync(path.join(dir, "records")).filter((f) => !files.includes(f));
if (extra.length > 0) fail("unexpected file records/" + extra[0]);
records.forEach((r, i) => { const x = JSON.parse(r); if (x.runId !== m.runId || x.sequence !== i + 1) fail("record " + (i + 1) + " is not record " + (i + 1) + " of run " + m.runId); });
const mth = (d) => { if (d.length < 2) return d.length ? H(Buffer.from([0]), d[0]) : H(); let k = 1; while (k * 2 < d.length) k *= 2; return H(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k))); };
if (mth(records.map((r) => H(r))).toString("hex") !== m.merkleRoot) fail("the Merkle root differs from the signed one");
const prev = m.previousRunId && ["manifest.jws", "rotation.jws"].map((f) => path.join(dir, "..", m.previousRunId, f)).find((f) => fs.existsSync(f));
if (prev && H(fs.readFileSync(prev)).toString("hex") !== m.previousManifestSha256) fail("the previous run " + m.previousRunId + " is not the one this run chained to");
console.log("VERIFIED run " + m.runId + ": signature, " + m.recordCount + " records, Merkle root" + (m.previousRunId ? ", chained to " + m.previousRunId + (prev ? "" : " (not in this folder)") : ", first run"));
`;
