/**
 * @module `assay verify <package.zip>`, offline: the package signature (MANIFEST.jws over
 * MANIFEST.json), every member's SHA-256 against the signed list with nothing missing or added,
 * then each evidence run (signature, records, Merkle root, stored documents) and the chain between
 * the runs. Names exactly the member or run that failed.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { JWK } from "jose";
import type { Entry, ZipFile } from "yauzl";
import { EvidenceError, sha256Hex } from "../evidence/canonical.js";
import { loadTrustedKeys, parsePublicKeys, verifyManifestJws, verifyRunFolder } from "../evidence/index.js";
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
  opts: { publicKey?: string } = {},
): Promise<PackageVerification> {
  const checked: string[] = [];
  let keySource: PackageVerification["keySource"] = opts.publicKey === undefined ? "published" : "given";
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
  let trusted: Map<string, JWK>;
  if (opts.publicKey !== undefined) trusted = await loadTrustedKeys(opts.publicKey);
  else {
    const jwks = members.get(P.JWKS);
    if (!jwks) return fail(`${P.JWKS} is missing and no --key was given`, P.JWKS);
    try {
      trusted = await parsePublicKeys(jwksWithoutValidity(jwks.toString("utf8")), P.JWKS);
    } catch (err) {
      return fail(`${P.JWKS} is damaged: ${err instanceof Error ? err.message : String(err)}`, P.JWKS);
    }
    keySource = "published";
  }
  const sig = await verifyManifestJws(jws.toString("utf8"), trusted, P.MANIFEST_JWS, P.PACKAGE_TYP);
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

  const dir = await mkdtemp(join(tmpdir(), "assay-package-"));
  try {
    for (const [path, bytes] of members) {
      if (!path.startsWith(`${P.EVIDENCE}/`)) continue;
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), bytes);
    }
    let previous: { runId: string; manifestSha256: string | null } | null = null;
    for (const runId of manifest.runs) {
      const run = await verifyRunFolder(join(dir, P.EVIDENCE, runId), { trusted });
      if (!run.ok || run.manifest === null)
        return fail(
          `run ${runId}: ${run.problem?.message ?? "does not verify"}`,
          `${P.EVIDENCE}/${runId}/${run.problem?.file ?? ""}`,
        );
      const expected = previous ? previous.runId : manifest.chainStartsAfter;
      if (run.manifest.previousRunId !== expected)
        return fail(
          `chain broken: run ${runId} follows run ${String(run.manifest.previousRunId)}, the package expects ${String(expected)}`,
          `${P.EVIDENCE}/${runId}/manifest.json`,
        );
      if (previous && run.manifest.previousManifestSha256 !== previous.manifestSha256)
        return fail(
          `chain broken: run ${runId} chained to another manifest of run ${previous.runId}`,
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

/** The JWKS members Assay adds (valid_from, valid_until) are not JWK parameters: drop them before import. */
function jwksWithoutValidity(text: string): string {
  const v = JSON.parse(text) as { keys?: Record<string, unknown>[] };
  return JSON.stringify({ keys: (v.keys ?? []).map(({ valid_from: _f, valid_until: _u, ...k }) => k) });
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
