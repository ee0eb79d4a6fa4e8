/**
 * @module loadReportModel: a run named by folder or id → verified → ReportModel. The report is
 * always rebuilt from what is stored (never from memory), and says whether the evidence verified.
 */
import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { calculateJwkThumbprint } from "jose";
import type { JWK } from "jose";
import { layout, listRuns, loadTrustedKeys, readRun, resolveRunDir, verifyRun } from "../evidence/index.js";
import type { RunManifest } from "../model/evidence.js";
import { AssayError, EXIT } from "../errors.js";
import { buildReportModel } from "./build.js";
import type { ReportModel } from "./model.js";

export class ReportError extends AssayError {
  override readonly name = "ReportError";
  constructor(message: string) {
    super(message, { exit: EXIT.invalid });
  }
}

export interface LoadOptions {
  /** Evidence folder used to resolve a run id and to find earlier runs for the trend. */
  readonly evidenceDir: string;
  /** Trusted public key files (JWK or JWKS); without them the key published beside the run is used. */
  readonly publicKey?: readonly string[];
  readonly now?: () => Date;
}

async function fingerprint(
  runDir: string,
  keyId: string,
  publicKey: readonly string[] | undefined,
): Promise<string | null> {
  try {
    let jwk: JWK | undefined;
    if (publicKey !== undefined) jwk = (await loadTrustedKeys(publicKey)).get(keyId);
    else jwk = JSON.parse(await readFile(join(runDir, layout.PUBLIC_JWK), "utf8")) as JWK;
    return jwk ? await calculateJwkThumbprint(jwk, "sha256") : null;
  } catch {
    return null;
  }
}

/** Shell-quotes a path for the verify command shown in reports. */
const sh = (s: string): string => (/^[\w./:@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export async function loadReportModel(run: string, opts: LoadOptions): Promise<ReportModel> {
  const runDir = await resolveRunDir(run, opts.evidenceDir);
  const stored = await readRun(runDir);
  if (!stored.complete || stored.manifest === null || stored.jws === null) {
    throw new ReportError(
      `run ${stored.runId} is incomplete (interrupted while being written); there is nothing to report`,
    );
  }
  const verification = await verifyRun(runDir, opts.publicKey === undefined ? {} : { publicKey: opts.publicKey });
  // Trend: the earlier runs verification walked (signed and hash-linked); when the chain did not
  // verify, the stored manifests of earlier complete runs, which the red verification box qualifies.
  let history: RunManifest[] = verification.runs.flatMap((r) =>
    r.ok && r.manifest && r.runId !== stored.runId ? [r.manifest] : [],
  );
  if (!verification.ok) {
    history = (await listRuns(dirname(runDir))).flatMap((e) =>
      e.complete && e.manifest && e.runId !== stored.runId ? [e.manifest] : [],
    );
  }
  const shown = relative(process.cwd(), runDir) || runDir;
  const keyArg = (opts.publicKey ?? []).map((k) => ` --key ${sh(relative(process.cwd(), k) || k)}`).join("");
  return buildReportModel({
    run: { manifest: stored.manifest, records: stored.records, attested: stored.attested, jws: stored.jws },
    verification: {
      ok: verification.ok,
      problems: verification.problems.map((p) => p.message),
      checked: verification.checked,
      keySource: verification.keySource,
    },
    keyFingerprint: await fingerprint(runDir, stored.manifest.keyId, opts.publicKey),
    verifyCommand: `assay verify ${sh(shown)}${keyArg}`,
    history,
    generatedAt: (opts.now?.() ?? new Date()).toISOString(),
  });
}
