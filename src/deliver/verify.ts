/**
 * @module `assay verify <package.zip>`, offline: the package signature (MANIFEST.jws over
 * MANIFEST.json), every member's SHA-256 against the signed list with nothing missing or added,
 * then each evidence run (signature, records, Merkle root, stored documents) and the chain between
 * the runs. Names exactly the member or run that failed.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Entry, ZipFile } from "yauzl";
import { EvidenceError, sha256Hex } from "../evidence/canonical.js";
import {
  followRotations,
  listRotations,
  loadKeyHistory,
  parseKeyHistory,
  verifyManifestJws,
  verifyRunFolder,
  windowProblem,
  type KeySource,
  type TrustedKeys,
} from "../evidence/index.js";
import * as P from "./layout.js";

export interface PackageVerification {
  readonly ok: boolean;
  readonly file: string;
  readonly keySource: "given" | "published";
  readonly checked: readonly string[];
  /** The first problem: which member or run, and what is wrong with it. */
  readonly problem: { readonly member?: string; readonly message: string } | null;
}

/** Limits on what a package may expand to: an auditor's machine is not a zip-bomb target. */
const MAX_ENTRIES = 2_000_000;
const MAX_BYTES = 4 * 1024 ** 3;

export async function verifyAuditPackage(
  file: string,
  opts: { publicKey?: KeySource | readonly KeySource[] } = {},
): Promise<PackageVerification> {
  const checked: string[] = [];
  const keySource: PackageVerification["keySource"] = opts.publicKey === undefined ? "published" : "given";
  const fail = (message: string, member?: string): PackageVerification => ({
    ok: false,
    file,
    keySource,
    checked,
    problem: { ...(member !== undefined ? { member } : {}), message },
  });
  const members = await readZip(file);
  const jws = members.get(P.MANIFEST_JWS);
  const json = members.get(P.MANIFEST_JSON);
  if (!jws || !json) return fail(`not an Assay audit package: ${P.MANIFEST_JWS} and ${P.MANIFEST_JSON} are required`);
  let trusted: TrustedKeys;
  if (opts.publicKey !== undefined) trusted = await loadKeyHistory(opts.publicKey);
  else {
    const jwks = members.get(P.JWKS);
    if (!jwks) return fail(`${P.JWKS} is missing and no --key was given`, P.JWKS);
    try {
      trusted = await parseKeyHistory(jwks.toString("utf8"), P.JWKS);
    } catch (err) {
      return fail(`${P.JWKS} is damaged: ${err instanceof Error ? err.message : String(err)}`, P.JWKS);
    }
  }
  const dir = await mkdtemp(join(tmpdir(), "assay-package-"));
  try {
    for (const [path, bytes] of members) {
      if (!path.startsWith(`${P.EVIDENCE}/`)) continue;
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), bytes);
    }
    // Key rotations first: each one signed by a trusted key makes its successor trusted (the package
    // signature and the later runs are by the current key; the auditor may hold only the first one).
    const rotationIds = (await listRotations(join(dir, P.EVIDENCE))).map((r) => r.rotationId);
    const { rotations, problems } = await followRotations(
      trusted,
      rotationIds.map((id) => join(dir, P.EVIDENCE, id)),
    );
    const [bad] = problems;
    if (bad) return fail(bad.message, `${P.EVIDENCE}/${bad.runId ?? ""}/${bad.file ?? ""}`);
    if (rotations.length > 0)
      checked.push(
        `${rotations.length} key rotation(s), each signed by the key it retires; trusted keys ${[...trusted.keys.keys()].join(", ")}`,
      );
    const sig = await verifyManifestJws(jws.toString("utf8"), trusted.keys, P.MANIFEST_JWS, P.PACKAGE_TYP);
    if (!sig.ok) return fail(sig.message, P.MANIFEST_JWS);
    if (!sig.payload.equals(json))
      return fail(`${P.MANIFEST_JSON} differs from the manifest signed in ${P.MANIFEST_JWS}`, P.MANIFEST_JSON);
    checked.push(`${P.MANIFEST_JWS}: ${sig.alg} signature by key ${sig.kid} over ${P.MANIFEST_JSON}`);
    const manifest = JSON.parse(json.toString("utf8")) as P.PackageManifest;
    if (manifest.schema !== P.PACKAGE_SCHEMA)
      return fail(`unknown package schema ${String(manifest.schema)}`, P.MANIFEST_JSON);

    const listed = new Set<string>();
    for (const m of manifest.members) {
      listed.add(m.path);
      const bytes = members.get(m.path);
      if (!bytes) return fail(`member ${m.path} is missing (the signed manifest lists it)`, m.path);
      const actual = sha256Hex(bytes);
      if (actual !== m.sha256)
        return fail(
          `member ${m.path} was modified: its SHA-256 is ${actual}, the signed manifest says ${m.sha256}`,
          m.path,
        );
    }
    const extra = [...members.keys()].filter((p) => !listed.has(p) && p !== P.MANIFEST_JSON && p !== P.MANIFEST_JWS);
    if (extra[0] !== undefined) return fail(`member ${extra[0]} is not in the signed manifest (added?)`, extra[0]);
    checked.push(
      `${manifest.members.length} members match their SHA-256 in the signed manifest; nothing missing or added`,
    );

    const rotationById = new Map(rotations.map((r) => [r.rotationId, r]));
    let previous: { runId: string; manifestSha256: string | null } | null = null;
    const retired = new Map<string, string>();
    for (const runId of manifest.runs) {
      const run = await verifyRunFolder(join(dir, P.EVIDENCE, runId), { trusted: trusted.keys });
      if (!run.ok || run.manifest === null)
        return fail(
          `run ${runId}: ${run.problem?.message ?? "does not verify"}`,
          `${P.EVIDENCE}/${runId}/${run.problem?.file ?? ""}`,
        );
      const outside = windowProblem(`run ${runId}`, run.manifest.keyId, run.manifest.endedAt, trusted.windows);
      if (outside) return fail(outside, `${P.EVIDENCE}/${runId}/manifest.jws`);
      // Between two packaged runs the chain may pass through key rotations.
      let link = { id: run.manifest.previousRunId, sha: run.manifest.previousManifestSha256, from: `run ${runId}` };
      for (let r = previous ? rotationById.get(link.id ?? "") : undefined; r; r = rotationById.get(link.id ?? "")) {
        if (r.manifestSha256 !== link.sha)
          return fail(
            `chain broken: ${link.from} chained to another signature of key rotation ${r.rotationId}`,
            `${P.EVIDENCE}/${r.rotationId}/rotation.jws`,
          );
        if (r.rotation) retired.set(r.rotation.retiredKeyId, r.rotationId);
        link = {
          id: r.rotation?.previousRunId ?? null,
          sha: r.rotation?.previousManifestSha256 ?? null,
          from: `key rotation ${r.rotationId}`,
        };
      }
      const retiredBy = retired.get(run.manifest.keyId);
      if (retiredBy)
        return fail(
          `run ${runId} is signed by key ${run.manifest.keyId}, outside its validity window: key rotation ${retiredBy}, earlier in the chain, retired it`,
          `${P.EVIDENCE}/${runId}/manifest.jws`,
        );
      const expected = previous ? previous.runId : manifest.chainStartsAfter;
      if (link.id !== expected)
        return fail(
          `chain broken: run ${runId} follows run ${String(link.id)}, the package expects ${String(expected)}`,
          `${P.EVIDENCE}/${runId}/manifest.json`,
        );
      if (previous && link.sha !== previous.manifestSha256)
        return fail(
          `chain broken: ${link.from} chained to another manifest of run ${previous.runId}`,
          `${P.EVIDENCE}/${previous.runId}/manifest.jws`,
        );
      checked.push(
        `run ${runId}: signature, ${run.manifest.recordCount} records, Merkle root, stored documents${previous ? `, chained to ${previous.runId}` : ""}`,
      );
      previous = { runId, manifestSha256: run.manifestSha256 };
    }
    checked.push(
      manifest.chainStartsAfter
        ? `chain: ${manifest.runs.length} run(s) linked; the first follows run ${manifest.chainStartsAfter} (not in this package)`
        : `chain: ${manifest.runs.length} run(s) linked from the first run of the store`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { ok: true, file, keySource, checked, problem: null };
}

async function readZip(file: string): Promise<Map<string, Buffer>> {
  const yauzl = await import("yauzl");
  const zip = await new Promise<ZipFile>((ok, fail) =>
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, z) =>
      err ? fail(new EvidenceError(`${file} is not a readable zip: ${err.message}`)) : ok(z),
    ),
  );
  const out = new Map<string, Buffer>();
  let total = 0;
  return new Promise((ok, fail) => {
    zip.on("error", (err: Error) => fail(new EvidenceError(`${file} is damaged: ${err.message}`)));
    zip.on("end", () => ok(out));
    zip.on("entry", (e: Entry) => {
      if (out.size >= MAX_ENTRIES || (total += e.uncompressedSize) > MAX_BYTES) {
        zip.close();
        fail(
          new EvidenceError(`${file} expands beyond ${MAX_ENTRIES} entries or ${MAX_BYTES} bytes; refusing to read it`),
        );
        return;
      }
      if (e.fileName.endsWith("/")) return zip.readEntry();
      zip.openReadStream(e, (err, stream) => {
        if (err) return fail(new EvidenceError(`${file}: member ${e.fileName} cannot be read: ${err.message}`));
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("error", (se: Error) =>
          fail(new EvidenceError(`${file}: member ${e.fileName} is damaged: ${se.message}`)),
        );
        stream.on("end", () => {
          out.set(e.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}
