/**
 * @module `assay bundle`: one zip an external auditor can take away: the evidence runs of a period
 * (or one run) with their records, manifests and signatures, the attestation documents they cite,
 * the reports and Statement of Applicability of the latest run, the public keys as a JWKS, and
 * VERIFY.md. Every member is listed with its SHA-256 in MANIFEST.json, signed as MANIFEST.jws by
 * the key that signed the runs. Only runs that verify are packaged.
 */
import { randomBytes } from "node:crypto";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { CompactSign, type JWK } from "jose";
import { canonicalBytes, EvidenceError, sha256Hex } from "../evidence/canonical.js";
import { keyHistoryOf, listRotations, listRuns, readRun, verifyRun, type SigningKey } from "../evidence/index.js";
import type { RunManifest } from "../model/evidence.js";
import { loadReportModel, renderers, withRenderSession, type ReportFormat } from "../report/index.js";
import * as P from "./layout.js";
import { verifyMd } from "./verify-md.js";

export interface BundleOptions {
  readonly evidenceDir: string;
  /** A run id or run folder, or a period `YYYY-MM` (every complete run that started in it). */
  readonly selector: string;
  readonly out: string;
  readonly key: SigningKey;
  readonly projectName: string;
  /** Report formats of the latest run to include (PDFs need Chromium). */
  readonly formats: readonly ReportFormat[];
  /** Trusted public key files for verifying the runs before packaging; the published key otherwise. */
  readonly publicKey?: readonly string[];
  readonly now?: () => Date;
}

export interface BundleResult {
  readonly file: string;
  readonly size: number;
  readonly runs: readonly string[];
  readonly members: number;
}

export async function buildAuditPackage(opts: BundleOptions): Promise<BundleResult> {
  const evidenceDir = resolve(opts.evidenceDir);
  const runs = await selectRuns(evidenceDir, opts.selector);
  const members = new Map<string, Buffer>();
  const documents = new Set<string>();
  for (const run of runs) {
    const v = await verifyRun(run.runDir, opts.publicKey === undefined ? {} : { publicKey: opts.publicKey });
    if (!v.ok)
      throw new EvidenceError(`run ${run.runId} does not verify (${v.problem?.message ?? "?"}); it cannot be packaged`);
    for (const f of await filesUnder(run.runDir))
      members.set(`${P.EVIDENCE}/${run.runId}/${f}`, await readFile(join(run.runDir, f)));
    for (const r of (await readRun(run.runDir)).attested)
      if (r.kind === "document" && r.stored) documents.add(r.stored);
  }
  for (const d of [...documents].sort()) members.set(`${P.EVIDENCE}/${d}`, await readFile(join(evidenceDir, d)));
  const latest = runs.at(-1);
  if (!latest) throw new EvidenceError("no run to package");
  const model = await loadReportModel(latest.runDir, {
    evidenceDir,
    ...(opts.publicKey !== undefined ? { publicKey: opts.publicKey } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  // One browser for the report and SoA PDFs, closed even when a render fails.
  await withRenderSession(async (session) => {
    for (const f of opts.formats) {
      const r = renderers[f];
      const out = await r.render(model, session);
      members.set(`${P.REPORTS}/${latest.runId}/${r.fileName}`, Buffer.from(out));
    }
  });
  // Every key rotation of the store (tiny): with them the package alone leads from the first key to the current one.
  const rotations = (await listRotations(evidenceDir)).filter((r) => r.rotation !== null);
  for (const r of rotations)
    for (const f of await filesUnder(r.dir))
      members.set(`${P.EVIDENCE}/${r.rotationId}/${f}`, await readFile(join(r.dir, f)));
  members.set(P.JWKS, Buffer.from(`${JSON.stringify(await jwks(evidenceDir, runs), null, 2)}\n`));
  const head = {
    schema: P.PACKAGE_SCHEMA,
    project: opts.projectName,
    period: opts.selector,
    createdAt: (opts.now?.() ?? new Date()).toISOString(),
    runs: runs.map((r) => r.runId),
    rotations: rotations.map((r) => r.rotationId),
    chainStartsAfter: runs[0]?.manifest.previousRunId ?? null,
    keyId: opts.key.kid,
  } as const;
  const zipName = basename(opts.out);
  members.set(P.VERIFY_MD, Buffer.from(verifyMd(head, zipName)));
  const list = [...members].sort(([a], [b]) => (a < b ? -1 : 1));
  members.set(P.SUMS, Buffer.from(list.map(([p, b]) => `${sha256Hex(b)}  ${p}\n`).join("")));
  const manifest: P.PackageManifest = {
    ...head,
    members: [...members]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([path, b]) => ({ path, sha256: sha256Hex(b), size: b.length })),
  };
  const payload = canonicalBytes(manifest);
  const jws = await new CompactSign(payload)
    .setProtectedHeader({ alg: opts.key.alg, kid: opts.key.kid, typ: P.PACKAGE_TYP })
    .sign(opts.key.privateKey);
  members.set(P.MANIFEST_JSON, payload);
  members.set(P.MANIFEST_JWS, Buffer.from(jws));
  const size = await writeZip(resolve(opts.out), members, new Date(latest.manifest.endedAt));
  return { file: resolve(opts.out), size, runs: manifest.runs, members: members.size };
}

type CompleteRun = { runId: string; runDir: string; manifest: RunManifest };

async function selectRuns(evidenceDir: string, selector: string): Promise<CompleteRun[]> {
  const all = (await listRuns(evidenceDir)).flatMap((r) =>
    r.complete && r.manifest ? [{ runId: r.runId, runDir: r.runDir, manifest: r.manifest }] : [],
  );
  const picked = /^\d{4}-\d{2}$/.test(selector)
    ? all.filter((r) => r.manifest.startedAt.startsWith(selector))
    : all.filter((r) => r.runId === selector || r.runDir === resolve(selector));
  if (picked.length === 0)
    throw new EvidenceError(
      `no complete run in ${evidenceDir} matches ${selector} (give a run id or a month, e.g. 2026-11)`,
    );
  return picked;
}

async function filesUnder(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p, base)));
    else if (e.isFile()) out.push(relative(base, p).split("\\").join("/"));
  }
  return out.sort();
}

/**
 * The store's key history (`valid_from`, and `retired_at` for a rotated key), each key also with
 * `valid_until`: the last signature this package holds from it.
 */
async function jwks(evidenceDir: string, runs: readonly CompleteRun[]): Promise<{ keys: JWK[] }> {
  const lastUse = new Map<string, string>();
  for (const r of runs) {
    const seen = lastUse.get(r.manifest.keyId);
    if (seen === undefined || seen < r.manifest.endedAt) lastUse.set(r.manifest.keyId, r.manifest.endedAt);
  }
  const { keys } = await keyHistoryOf(evidenceDir);
  return {
    keys: keys.map((k) => ({ ...k, ...(lastUse.has(k.kid ?? "") ? { valid_until: lastUse.get(k.kid ?? "") } : {}) })),
  };
}

/** yazl, members sorted, one fixed modification time: the same inputs give the same zip bytes. */
async function writeZip(file: string, members: ReadonlyMap<string, Buffer>, mtime: Date): Promise<number> {
  const { ZipFile } = await import("yazl");
  const zip = new ZipFile();
  for (const [path, bytes] of [...members].sort(([a], [b]) => (a < b ? -1 : 1))) zip.addBuffer(bytes, path, { mtime });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((ok, fail) => {
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => ok(Buffer.concat(chunks)));
    zip.outputStream.on("error", fail);
  });
  zip.end();
  const bytes = await done;
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
  return bytes.length;
}
