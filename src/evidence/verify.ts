/**
 * @module verifyRun: one run folder (then its chain back to the first run) or a whole evidence
 * folder (every run, the chain between them, no fork, no gap, HEAD on the latest run). Key
 * rotations in the chain are followed from the trusted keys (src/evidence/key-history.ts), and
 * each run must be signed by a key valid when it ended. Reports what was checked and the first
 * problem found.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { JWK } from "jose";
import type { RunManifest } from "../model/evidence.js";
import { EvidenceError } from "./canonical.js";
import { chainNodeDirs, firstPublishedKey, followRotations, loadKeyHistory, windowProblem, type KeySource, type TrustedKeys } from "./key-history.js";
import { DOCUMENTS_DIR, HEAD, MANIFEST_JSON, ROTATION_JSON } from "./layout.js";
import { isRotationDir, isRunDir } from "./read.js";
import type { RotationVerification } from "./rotation.js";
import { readHead } from "./head.js";
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
  /** The key rotations met along the chain, oldest first. */
  readonly rotations: readonly RotationVerification[];
}

export interface VerifyOptions {
  /**
   * Trusted keys: JWK or JWKS files (or the keys themselves), several allowed; a JWKS may carry
   * `valid_from` / `retired_at`. Without it the key published beside the first run is trusted.
   */
  readonly publicKey?: KeySource | readonly KeySource[];
}

export async function loadTrustedKeys(k: KeySource | readonly KeySource[]): Promise<Map<string, JWK>> {
  return (await loadKeyHistory(k)).keys;
}

export async function verifyRun(dirOrStore: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const path = resolve(dirOrStore);
  if (!existsSync(path) || !(await stat(path)).isDirectory()) throw new EvidenceError(`${path} is not a folder`);
  const given = opts.publicKey === undefined ? null : await loadKeyHistory(opts.publicKey);
  return isRunDir(path) || isRotationDir(path) ? verifySingle(path, given) : verifyStore(path, given);
}

type Report = Omit<VerifyReport, "ok" | "problem" | "keySource">;
function report(r: Report, given: TrustedKeys | null): VerifyReport {
  return { ok: r.problems.length === 0, ...r, keySource: given ? "given" : "published", problem: r.problems[0] ?? null };
}

/** A node of the chain, run or rotation, as the chain checks see it. */
interface ChainNode {
  readonly id: string;
  readonly ok: boolean;
  readonly previousRunId: string | null;
  readonly previousManifestSha256: string | null;
  readonly manifestSha256: string | null;
  /** A run's signing key; a rotation's retired key and when. */
  readonly signer: string | null;
  readonly retires: { readonly kid: string; readonly at: string } | null;
}

const runNode = (r: RunVerification): ChainNode => ({ id: r.runId, ok: r.ok, previousRunId: r.manifest?.previousRunId ?? null, previousManifestSha256: r.manifest?.previousManifestSha256 ?? null, manifestSha256: r.manifestSha256, signer: r.keyId, retires: null });
const rotationNode = (r: RotationVerification): ChainNode => ({
  id: r.rotationId, ok: r.ok, previousRunId: r.rotation?.previousRunId ?? null, previousManifestSha256: r.rotation?.previousManifestSha256 ?? null, manifestSha256: r.manifestSha256,
  signer: r.keyId, retires: r.rotation ? { kid: r.rotation.retiredKeyId, at: r.rotation.at } : null,
});

/** Chain position counts as well as time: no run after a rotation (whatever time it claims) is signed by the key it retired. */
function retiredKeyProblems(oldestFirst: readonly ChainNode[]): VerifyProblem[] {
  const retired = new Map<string, { id: string; at: string }>();
  const out: VerifyProblem[] = [];
  for (const n of oldestFirst) {
    if (n.retires) retired.set(n.retires.kid, { id: n.id, at: n.retires.at });
    const r = n.retires === null && n.signer !== null ? retired.get(n.signer) : undefined;
    if (r)
      out.push({ runId: n.id, message: `run ${n.id} is signed by key ${String(n.signer)}, outside its validity window: the key was retired at ${r.at} by key rotation ${r.id}, earlier in the chain; after a rotation only the new key signs` });
  }
  return out;
}

/** The nodes from the single first node, following the unique successor of each (a fork or gap stops the walk; both are reported elsewhere). */
function chainOrder(nodes: readonly ChainNode[]): ChainNode[] {
  const next = new Map<string | null, ChainNode[]>();
  for (const n of nodes) if (n.ok) next.set(n.previousRunId, [...(next.get(n.previousRunId) ?? []), n]);
  const out: ChainNode[] = [];
  for (let step = next.get(null); step?.length === 1 && step[0] && out.length < nodes.length; step = next.get(step[0].id)) out.push(step[0]);
  return out;
}

/** Each verified run's key must be trusted (published mode: the first key or one a rotation introduced) and valid when the run ended. */
function keyProblems(runs: readonly RunVerification[], trusted: TrustedKeys, published: boolean): VerifyProblem[] {
  const out: VerifyProblem[] = [];
  const ok = runs.filter((r) => r.ok && r.manifest);
  if (published) {
    const unknown = ok.filter((r) => !trusted.keys.has(r.keyId ?? ""));
    if (unknown[0]) {
      const kids = new Set(ok.map((r) => r.keyId));
      out.push({
        runId: unknown[0].runId,
        message: `runs are signed by ${kids.size} different keys (${[...kids].join(", ")}) and no key rotation in the chain introduces key ${String(unknown[0].keyId)} (run ${unknown[0].runId}): pass --key with the trusted key(s) to accept a key change; assay keys rotate records one`,
      });
    }
  }
  for (const r of ok) {
    const m = windowProblem(`run ${r.runId}`, r.keyId ?? "", (r.manifest as RunManifest).endedAt, trusted.windows);
    if (m) out.push({ runId: r.runId, message: m });
  }
  return out;
}

async function verifySingle(path: string, given: TrustedKeys | null): Promise<VerifyReport> {
  const store = dirname(path);
  // The chain below this node, newest first, read unverified; each link is verified below.
  const dirs = [path];
  let broken: VerifyProblem | null = null;
  for (let link = await previousOf(path); link !== null; ) {
    const d = join(store, link.id);
    if (!existsSync(d) || dirs.includes(d)) {
      broken = { runId: link.from, message: `chain broken: run ${link.from} follows run ${link.id}, which is missing from ${store} (deleted?)` };
      break;
    }
    dirs.push(d);
    link = await previousOf(d);
  }
  const trusted = given ? clone(given) : await firstPublishedKey([dirs.at(-1) ?? path]);
  const rotationDirs = dirs.filter(isRotationDir).reverse();
  const { rotations, problems: rotationProblems } = await followRotations(trusted, rotationDirs);
  const rotationOf = new Map(rotations.map((r) => [r.dir, r]));
  const runs: RunVerification[] = [];
  const checked: string[] = [];
  const nodes: ChainNode[] = [];
  const fail = (p: VerifyProblem): VerifyReport => report({ scope: "run", path, checked, problems: [p], runs, rotations }, given);
  for (const [i, d] of dirs.entries()) {
    const rot = rotationOf.get(d);
    let node: ChainNode;
    if (rot) {
      if (!rot.ok) return fail(rot.problem ?? { runId: rot.rotationId, message: "key rotation does not verify" });
      node = rotationNode(rot);
      if (i === 0) checked.push(...rot.checked);
    } else {
      const run = await verifyRunFolder(d, { trusted: given ? trusted.keys : null, records: i === 0 });
      runs.push(run);
      if (i === 0) checked.push(...run.checked);
      if (!run.ok) return fail(run.problem ?? { runId: run.runId, message: "run does not verify" });
      const [outside] = keyProblems([run], trusted, false);
      if (outside) return fail(outside);
      node = runNode(run);
    }
    const later = nodes.at(-1);
    if (later && node.manifestSha256 !== later.previousManifestSha256) return fail({ runId: node.id, message: `chain broken: the manifest of run ${node.id} is not the one run ${later.id} chained to (rewritten?)` });
    nodes.push(node);
  }
  if (broken) return fail(broken);
  if (rotationProblems[0]) return fail(rotationProblems[0]);
  const [late] = retiredKeyProblems([...nodes].reverse());
  if (late) return fail(late);
  const unknown = given === null ? [...runs].reverse().find((r) => !trusted.keys.has(r.keyId ?? "")) : undefined;
  const root = runs.at(-1);
  if (unknown && root)
    return fail({ runId: unknown.runId, message: `run ${unknown.runId} is signed by key ${String(unknown.keyId)}, run ${root.runId} by key ${String(root.keyId)}, and no key rotation in between introduces it: pass --key with the trusted key(s) to accept a key change; assay keys rotate records one` });
  if (dirs.length > 1) checked.push(...rotations.flatMap((r) => (r.dir === path ? [] : r.checked)));
  const first = nodes.at(-1)?.id ?? basename(path);
  checked.push(nodes.length === 1 ? "chain: this is the first run" : `chain: ${nodes.length - 1} earlier run(s) back to the first run ${first}, each signed and hash-linked`);
  return report({ scope: "run", path, checked, problems: [], runs, rotations }, given);
}

/** The node a run or rotation folder chains to (read unverified). */
async function previousOf(dir: string): Promise<{ id: string; from: string } | null> {
  const file = join(dir, isRotationDir(dir) ? ROTATION_JSON : MANIFEST_JSON);
  try {
    const v = JSON.parse(await readFile(file, "utf8")) as { previousRunId?: unknown };
    return typeof v.previousRunId === "string" ? { id: v.previousRunId, from: basename(dir) } : null;
  } catch {
    return null;
  }
}

function clone(t: TrustedKeys): TrustedKeys {
  return { keys: new Map(t.keys), windows: new Map(t.windows) };
}

async function verifyStore(dir: string, given: TrustedKeys | null): Promise<VerifyReport> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== DOCUMENTS_DIR).map((e) => e.name).sort();
  const nodeDirs = (await chainNodeDirs(dir)).map((n) => n.dir);
  // Rotations first, oldest first: each one extends the trusted keys for the runs after it.
  const trusted = given ? clone(given) : await firstPublishedKey(nodeDirs);
  const { rotations, problems: rotationProblems } = await followRotations(trusted, nodeDirs.filter(isRotationDir));
  const runs: RunVerification[] = [];
  for (const n of names) if (!isRotationDir(join(dir, n))) runs.push(await verifyRunFolder(join(dir, n), { trusted: given ? trusted.keys : null }));
  // A rotation that does not verify comes first: the runs signed by its new key fail because of it.
  const problems: VerifyProblem[] = [...rotationProblems, ...runs.flatMap((r) => (r.problem ? [r.problem] : []))];
  // An empty store proves nothing, and deleting every run must not look like success.
  if (runs.length === 0) problems.push({ message: `no run found in ${dir}: nothing to verify` });
  const checked = [`${runs.length} run(s): ${runs.filter((r) => r.ok).length} verified (signature, records, hashes, Merkle root)`];
  const okRotations = rotations.filter((r) => r.ok);
  if (rotations.length > 0) checked.push(`${rotations.length} key rotation(s): ${okRotations.length} verified, each signed by the key it retires`);
  problems.push(...keyProblems(runs, trusted, given === null));
  const nodes = [...runs.map(runNode), ...rotations.map(rotationNode)];
  problems.push(...retiredKeyProblems(chainOrder(nodes)), ...(await chainProblems(dir, nodes)));
  if (problems.length === 0 && runs.length > 0) checked.push(`chain: ${runs.length} run(s)${rotations.length > 0 ? ` and ${rotations.length} key rotation(s)` : ""} linked from the first run to the latest, no gap, no fork; ${HEAD} names the latest`);
  return report({ scope: "store", path: dir, checked, problems, runs, rotations }, given);
}

async function chainProblems(dir: string, nodes: readonly ChainNode[]): Promise<VerifyProblem[]> {
  const out: VerifyProblem[] = [];
  const byId = new Map(nodes.map((r) => [r.id, r]));
  const followers = new Map<string, string[]>();
  const roots: string[] = [];
  for (const r of nodes) {
    if (!r.ok) continue;
    if (r.previousRunId === null) {
      roots.push(r.id);
      continue;
    }
    followers.set(r.previousRunId, [...(followers.get(r.previousRunId) ?? []), r.id]);
    const prev = byId.get(r.previousRunId);
    if (prev === undefined) out.push({ runId: r.id, message: `chain broken: run ${r.id} follows run ${r.previousRunId}, which is missing (deleted?)` });
    else if (prev.manifestSha256 !== r.previousManifestSha256) out.push({ runId: prev.id, message: `chain broken: the manifest of run ${prev.id} is not the one run ${r.id} chained to (rewritten?)` });
  }
  if (roots.length > 1) out.push({ message: `runs ${roots.join(", ")} each start a chain: only the first run of a store may have no predecessor` });
  for (const [prev, f] of followers) if (f.length > 1) out.push({ runId: prev, message: `the chain forks: runs ${f.join(", ")} all follow run ${prev}` });
  const head = await readHead(dir).catch(() => ({ runId: "", manifestSha256: "" }));
  const tips = nodes.filter((r) => r.ok && !followers.has(r.id));
  if (nodes.length > 0 && head === null) out.push({ file: HEAD, message: `${HEAD} is missing: the latest run of the chain is unknown` });
  else if (head !== null) {
    const named = byId.get(head.runId);
    if (named === undefined) out.push({ file: HEAD, message: `${HEAD} names run ${head.runId || "?"} as the latest, but it is missing (deleted?)` });
    else if (!named.ok) {
      // already reported as that node's own problem
    } else if (named.manifestSha256 !== head.manifestSha256) out.push({ file: HEAD, message: `the manifest of run ${head.runId} is not the one ${HEAD} recorded (rewritten?)` });
    else if (tips.length === 1 && tips[0]?.id !== head.runId) out.push({ file: HEAD, message: `${HEAD} names run ${head.runId}, but run ${String(tips[0]?.id)} follows it` });
  }
  return out;
}
