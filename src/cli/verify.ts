/** @module `assay verify`: a run folder, an evidence folder, or one evidence bundle (`--record`). Exit 0 verified, 1 a problem, 2 bad usage. */
import { EXIT } from "./exit.js";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import {
  EvidenceError,
  loadTrustedKeys,
  verifyBundle,
  verifyRun,
  type EvidenceBundle,
  type VerifyReport,
  resolveRunDir,
} from "../evidence/index.js";
import { projectStores, trustedKeys, type StoreOptions } from "./stores.js";
import { partialLine } from "../evidence/verify-run.js";

export interface VerifyCliOptions extends StoreOptions {
  /** `--key`, repeatable: JWK or JWKS files. */
  readonly key?: readonly string[];
  /** `--jwks`, repeatable: key histories with validity periods. */
  readonly jwks?: readonly string[];
  readonly record?: string;
  readonly json?: boolean;
}

const WEAK_KEY =
  "note: no --key given, so the public key stored beside the evidence was trusted. Anyone who can rewrite the evidence can replace that key too; " +
  "for an audit, pass --key with the public key obtained out of band (from the key owner, a ticket, a release note).";

export async function verifyCommand(path: string | undefined, opts: VerifyCliOptions): Promise<number> {
  if (opts.record !== undefined) return await verifyRecord(opts.record, opts);
  if (path?.endsWith(".zip")) return await verifyPackage(path, opts);
  const target = await verifyTarget(path, opts);
  const report = await verifyRun(target, givenKeys(opts));
  if (opts.json) process.stdout.write(`${JSON.stringify(machine(report), null, 2)}\n`);
  else printReport(report);
  return report.ok ? EXIT.ok : EXIT.gateFailed;
}

/** Every `--key` and `--jwks` file; none: the published keys (weaker, and said so). */
const givenKeys = (opts: VerifyCliOptions): { publicKey?: readonly string[] } =>
  trustedKeys([...(opts.key ?? []), ...(opts.jwks ?? [])]);

/** No path: the project's evidence folder. A folder: itself. Else a run id, prefix, `latest` or `previous`. */
async function verifyTarget(path: string | undefined, opts: VerifyCliOptions): Promise<string> {
  const { evidenceDir } = await projectStores(opts);
  if (path === undefined) return evidenceDir;
  if (existsSync(path)) return path;
  return resolveRunDir(path, evidenceDir);
}

function printReport(r: VerifyReport): void {
  const out = process.stdout;
  out.write(`Verifying ${r.scope === "run" ? "run" : "evidence folder"} ${r.path}\n`);
  const perRun = r.runs.flatMap((run) =>
    run.ok && run.manifest
      ? [
          `run ${run.runId}: signature (key ${String(run.keyId)}), ${run.manifest.recordCount} record hashes, Merkle root ${run.manifest.merkleRoot.slice(0, 16)}…`,
        ]
      : [],
  );
  const lines = r.scope === "run" ? r.checked : [...perRun, ...r.checked];
  // A count line ("3 run(s): 2 verified") is a ✓ only when everything verified.
  const mark = (l: string): string =>
    l.startsWith("PARTIAL") ? "!" : !r.ok && /^\d+ (run|key rotation)\(s\): /.test(l) ? "✗" : "✓";
  for (const l of lines) out.write(`  ${mark(l)} ${l}\n`);
  if (r.scope !== "run")
    for (const run of r.runs)
      if (run.manifest?.partial) out.write(`  ! run ${run.runId}: ${partialLine(run.manifest.partial)}\n`);
  if (r.problem) out.write(`  ✗ ${r.problem.message}\n`);
  if (r.problems.length > 1)
    out.write(
      `  (${r.problems.length - 1} further problem${r.problems.length > 2 ? "s" : ""}; --json lists them all)\n`,
    );
  const partial = r.runs.filter((run) => run.manifest?.partial).length;
  out.write(
    r.ok
      ? partial > 0
        ? `VERIFIED (${partial} partial run${partial > 1 ? "s" : ""})\n`
        : "VERIFIED\n"
      : "NOT VERIFIED\n",
  );
  if (r.keySource === "published") process.stderr.write(`${WEAK_KEY}\n`);
}

function machine(r: VerifyReport): object {
  return {
    ...r,
    runs: r.runs.map(({ manifest, ...rest }) => ({
      ...rest,
      ...(manifest?.partial ? { partial: manifest.partial } : {}),
    })),
  };
}

async function verifyRecord(file: string, opts: VerifyCliOptions): Promise<number> {
  let bundle: EvidenceBundle;
  try {
    bundle = JSON.parse(await readFile(file, "utf8")) as EvidenceBundle;
  } catch {
    throw new EvidenceError(`${file} cannot be read as JSON; it should be the output of assay evidence show`);
  }
  const { publicKey } = givenKeys(opts);
  const trusted = publicKey !== undefined ? await loadTrustedKeys(publicKey) : null;
  const v = await verifyBundle(bundle, trusted);
  if (opts.json) process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
  else {
    process.stdout.write(`Verifying evidence bundle ${file}\n`);
    for (const l of v.checked) process.stdout.write(`  ✓ ${l}\n`);
    if (v.problem) process.stdout.write(`  ✗ ${v.problem}\n`);
    process.stdout.write(v.ok ? "VERIFIED\n" : "NOT VERIFIED\n");
  }
  if (v.keySource === "published") process.stderr.write(`${WEAK_KEY}\n`);
  return v.ok ? EXIT.ok : EXIT.gateFailed;
}

/** An auditor package (`assay bundle`): every member, every run, the chain; the failing member named. */
async function verifyPackage(file: string, opts: VerifyCliOptions): Promise<number> {
  const { verifyAuditPackage } = await import("../deliver/verify.js");
  const v = await verifyAuditPackage(file, givenKeys(opts));
  if (opts.json) process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
  else {
    process.stdout.write(`Verifying audit package ${file}\n`);
    for (const l of v.checked) process.stdout.write(`  ✓ ${l}\n`);
    if (v.problem) process.stdout.write(`  ✗ ${v.problem.member ? `${v.problem.member}: ` : ""}${v.problem.message}\n`);
    process.stdout.write(v.ok ? "VERIFIED\n" : "NOT VERIFIED\n");
  }
  if (v.keySource === "published") process.stderr.write(`${WEAK_KEY}\n`);
  return v.ok ? EXIT.ok : EXIT.gateFailed;
}
