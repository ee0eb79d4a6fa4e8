/** @module The chain tip: `HEAD` as the last complete write left it, else the newest complete node no other follows. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { EvidenceError, sha256Hex } from "./canonical.js";
import * as L from "./layout.js";
import { listRotations, listRuns } from "./read.js";

/** The chain tip recorded by the last complete write, or null for a new store. */
export async function readHead(evidenceDir: string): Promise<L.HeadPointer | null> {
  let text: string;
  try {
    text = await readFile(join(evidenceDir, L.HEAD), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  let v: Partial<L.HeadPointer> = {};
  try {
    v = JSON.parse(text) as Partial<L.HeadPointer>;
  } catch {
    // reported below
  }
  if (typeof v.runId !== "string" || typeof v.manifestSha256 !== "string") throw new EvidenceError(`${join(evidenceDir, L.HEAD)} is damaged; it should name the latest run and its manifest hash`);
  return { runId: v.runId, manifestSha256: v.manifestSha256 };
}

/** The node the next one chains to: HEAD, else (HEAD lost) the newest complete node no other follows. */
export async function chainTip(evidenceDir: string): Promise<L.HeadPointer | null> {
  return (await readHead(evidenceDir)) ?? (await findTip(evidenceDir));
}

/** Without HEAD (lost, or a store from before HEAD existed): the newest complete run or rotation no other node follows. */
async function findTip(evidenceDir: string): Promise<L.HeadPointer | null> {
  const runs = (await listRuns(evidenceDir)).flatMap((r) => (r.complete && r.manifest ? [{ id: r.runId, dir: r.runDir, jws: L.MANIFEST_JWS, at: r.manifest.startedAt, prev: r.manifest.previousRunId }] : []));
  const rotations = (await listRotations(evidenceDir)).flatMap((r) => (r.rotation ? [{ id: r.rotationId, dir: r.dir, jws: L.ROTATION_JWS, at: r.rotation.at, prev: r.rotation.previousRunId }] : []));
  const nodes = [...runs, ...rotations].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const followed = new Set(nodes.map((n) => n.prev));
  const tip = nodes.filter((n) => !followed.has(n.id)).pop();
  if (tip === undefined) return null;
  return { runId: tip.id, manifestSha256: sha256Hex(await readFile(join(tip.dir, tip.jws))) };
}
