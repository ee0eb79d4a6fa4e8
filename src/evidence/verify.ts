/**
 * @module verifyRun: one run folder (then its chain back to the first run) or a whole evidence
 * folder (every run, the chain between them, no fork, no gap, HEAD on the latest run). Reports
 * what was checked and the first problem found.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { JWK } from "jose";
import { EvidenceError } from "./canonical.js";
import { parsePublicKeys } from "./keys.js";
import { DOCUMENTS_DIR, HEAD } from "./layout.js";
import { isRunDir } from "./read.js";
import { readHead } from "./store.js";
import { verifyRunFolder, type RunVerification, type VerifyProblem } from "./verify-run.js";

export type { RunVerification, VerifyProblem } from "./verify-run.js";

export interface VerifyReport {
  readonly ok: boolean;
  readonly scope: "run" | "store";
  readonly path: string;
  /** "given": keys passed by the caller; "published": the public.jwk stored beside each run (weaker). */
  readonly keySource: "given" | "published";
  readonly checked: readonly string[];
  /** The first problem found; null when everything verified. */
  readonly problem: VerifyProblem | null;
  readonly problems: readonly VerifyProblem[];
  readonly runs: readonly RunVerification[];
}

export interface VerifyOptions {
  /** A JWK or JWKS file path, or the keys themselves. Without it the published keys are used. */
  readonly publicKey?: string | JWK | { readonly keys: readonly JWK[] };
}

export async function loadTrustedKeys(k: NonNullable<VerifyOptions["publicKey"]>): Promise<Map<string, JWK>> {
  if (typeof k === "string") {
    let text: string;
    try {
      text = await readFile(k, "utf8");
    } catch {
      throw new EvidenceError(`public key file ${k} cannot be read`);
    }
    return parsePublicKeys(text, k);
  }
  return parsePublicKeys(JSON.stringify(k), "the given key");
}

export async function verifyRun(dirOrStore: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const path = resolve(dirOrStore);
  if (!existsSync(path) || !(await stat(path)).isDirectory()) throw new EvidenceError(`${path} is not a folder`);
  const trusted = opts.publicKey === undefined ? null : await loadTrustedKeys(opts.publicKey);
  const keySource = trusted ? "given" : "published";
  return isRunDir(path) ? verifySingle(path, trusted, keySource) : verifyStore(path, trusted, keySource);
}

function report(scope: VerifyReport["scope"], path: string, keySource: VerifyReport["keySource"], checked: string[], problems: VerifyProblem[], runs: RunVerification[]): VerifyReport {
  return { ok: problems.length === 0, scope, path, keySource, checked, problem: problems[0] ?? null, problems, runs };
}

async function verifySingle(runDir: string, trusted: Map<string, JWK> | null, keySource: VerifyReport["keySource"]): Promise<VerifyReport> {
  const run = await verifyRunFolder(runDir, { trusted });
  const checked = [...run.checked];
  const runs = [run];
  if (!run.ok || run.manifest === null) return report("run", runDir, keySource, checked, run.problem ? [run.problem] : [], runs);
  // Walk back to the first run: each earlier manifest must verify and hash to what its successor recorded.
  const store = dirname(runDir);
  let current = run;
  const firstKey = run.keyId;
  while (current.manifest?.previousRunId) {
    const { previousRunId, previousManifestSha256 } = current.manifest;
    const prevDir = join(store, previousRunId);
    if (!existsSync(prevDir)) {
      return report("run", runDir, keySource, checked, [{ runId: current.runId, message: `chain broken: run ${current.runId} follows run ${previousRunId}, which is missing from ${store} (deleted?)` }], runs);
    }
    const prev = await verifyRunFolder(prevDir, { trusted: trusted ?? null, records: false });
    runs.push(prev);
    if (!prev.ok) return report("run", runDir, keySource, checked, prev.problem ? [prev.problem] : [], runs);
    if (prev.manifestSha256 !== previousManifestSha256) {
      return report("run", runDir, keySource, checked, [{ runId: prev.runId, message: `chain broken: the manifest of run ${prev.runId} is not the one run ${current.runId} chained to (rewritten?)` }], runs);
    }
    if (trusted === null && prev.keyId !== firstKey) {
      return report("run", runDir, keySource, checked, [{ runId: prev.runId, message: `run ${prev.runId} is signed by key ${String(prev.keyId)}, run ${run.runId} by key ${String(firstKey)}: pass --key with the trusted key(s) to accept a key change` }], runs);
    }
    current = prev;
  }
  checked.push(runs.length === 1 ? "chain: this is the first run" : `chain: ${runs.length - 1} earlier run(s) back to the first run ${current.runId}, each signed and hash-linked`);
  return report("run", runDir, keySource, checked, [], runs);
}

async function verifyStore(dir: string, trusted: Map<string, JWK> | null, keySource: VerifyReport["keySource"]): Promise<VerifyReport> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== DOCUMENTS_DIR).map((e) => e.name).sort();
  const runs: RunVerification[] = [];
  for (const n of names) runs.push(await verifyRunFolder(join(dir, n), { trusted }));
  const problems: VerifyProblem[] = runs.flatMap((r) => (r.problem ? [r.problem] : []));
  // An empty store proves nothing, and deleting every run must not look like success.
  if (runs.length === 0) problems.push({ message: `no run found in ${dir}: nothing to verify` });
  const checked = [`${runs.length} run(s): ${runs.filter((r) => r.ok).length} verified (signature, records, hashes, Merkle root)`];
  problems.push(...(await chainProblems(dir, runs, trusted !== null)));
  if (problems.length === 0 && runs.length > 0) checked.push(`chain: ${runs.length} run(s) linked from the first run to the latest, no gap, no fork; ${HEAD} names the latest`);
  return report("store", dir, keySource, checked, problems, runs);
}

async function chainProblems(dir: string, runs: readonly RunVerification[], keysGiven: boolean): Promise<VerifyProblem[]> {
  const out: VerifyProblem[] = [];
  const byId = new Map(runs.map((r) => [r.runId, r]));
  const followers = new Map<string, string[]>();
  const roots: string[] = [];
  for (const r of runs) {
    const m = r.manifest;
    if (!r.ok || m === null) continue;
    if (m.previousRunId === null) {
      roots.push(r.runId);
      continue;
    }
    followers.set(m.previousRunId, [...(followers.get(m.previousRunId) ?? []), r.runId]);
    const prev = byId.get(m.previousRunId);
    if (prev === undefined) out.push({ runId: r.runId, message: `chain broken: run ${r.runId} follows run ${m.previousRunId}, which is missing (deleted?)` });
    else if (prev.manifestSha256 !== m.previousManifestSha256) out.push({ runId: prev.runId, message: `chain broken: the manifest of run ${prev.runId} is not the one run ${r.runId} chained to (rewritten?)` });
  }
  if (roots.length > 1) out.push({ message: `runs ${roots.join(", ")} each start a chain: only the first run of a store may have no predecessor` });
  for (const [prev, f] of followers) if (f.length > 1) out.push({ runId: prev, message: `the chain forks: runs ${f.join(", ")} all follow run ${prev}` });
  if (!keysGiven) {
    const kids = new Set(runs.filter((r) => r.ok).map((r) => r.keyId));
    if (kids.size > 1) out.push({ message: `runs are signed by ${kids.size} different keys (${[...kids].join(", ")}): pass --key with the trusted key(s) to accept a key change` });
  }
  const head = await readHead(dir).catch(() => ({ runId: "", manifestSha256: "" }));
  const tips = runs.filter((r) => r.ok && !followers.has(r.runId));
  if (runs.length > 0 && head === null) out.push({ file: HEAD, message: `${HEAD} is missing: the latest run of the chain is unknown` });
  else if (head !== null) {
    const named = byId.get(head.runId);
    if (named === undefined) out.push({ file: HEAD, message: `${HEAD} names run ${head.runId || "?"} as the latest, but it is missing (deleted?)` });
    else if (!named.ok) {
      // already reported as that run's own problem
    } else if (named.manifestSha256 !== head.manifestSha256) out.push({ file: HEAD, message: `the manifest of run ${head.runId} is not the one ${HEAD} recorded (rewritten?)` });
    else if (tips.length === 1 && tips[0]?.runId !== head.runId) out.push({ file: HEAD, message: `${HEAD} names run ${head.runId}, but run ${String(tips[0]?.runId)} follows it` });
  }
  return out;
}

