/**
 * @module Attestation files → Attestation values: known requirement or check, known targets, real
 * dates, a validity (given, or the requirement's review frequency), each file document hashed as it
 * is now, and a signature verified over the attestation itself. Also the project's applicability
 * decisions and owners, which name the same ids.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, relative, resolve } from "node:path";
import canonicalizeModule from "canonicalize";
import {
  ATTESTED_STATUSES,
  REVIEW_DURATION,
  type ApplicabilityDecision,
  type Attestation,
  type AttestationDocument,
  type AttestedStatus,
  type Framework,
  type Requirement,
} from "../model/spec.js";
import { list, obj, str, strs, type LoadContext } from "./context.js";
import type { Locus } from "./problems.js";
import { positionOf, type Source } from "./source.js";
import { didYouMean } from "../schema/suggest.js";

// CommonJS function behind an ES default export in its typings (as in src/evidence/canonical.ts).
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** JWS `typ` of a signed attestation (`assay attest --sign`). */
export const ATTESTATION_TYP = "assay-attestation+jws";

/** The bytes an attester signs: the attestation entry as written, without `signature`, RFC 8785 canonical. */
export function attestationSigningBytes(entry: Record<string, unknown>): Buffer {
  const { signature: _omit, ...rest } = entry;
  return Buffer.from(canonicalize(rest) ?? "", "utf8");
}

/** `attestations/*.yaml` → files, sorted; `*` matches inside one folder only. */
export async function expandAttestationRefs(
  refs: readonly { ref: string; at: Locus }[],
  baseDir: string,
  ctx: LoadContext,
): Promise<{ file: string; at: Locus }[]> {
  const out: { file: string; at: Locus }[] = [];
  for (const { ref, at } of refs) {
    const path = resolve(baseDir, ref);
    if (!basename(path).includes("*")) {
      out.push({ file: path, at });
      continue;
    }
    const pattern = new RegExp(`^${basename(path).split("*").map(escape).join("[^/]*")}$`);
    try {
      const names = (await readdir(dirname(path))).filter((n) => pattern.test(n)).sort();
      out.push(...names.map((n) => ({ file: resolve(dirname(path), n), at })));
    } catch {
      ctx.problems.error(at, `cannot read the folder of attestation files ${ref}`);
    }
  }
  return [...new Map(out.map((f) => [f.file, f])).values()];
}

const escape = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

export interface AttestationScope {
  readonly requirements: ReadonlyMap<string, { readonly requirement: Requirement; readonly mandatory: boolean }>;
  /** Check id → requirements citing it. */
  readonly checks: ReadonlyMap<string, readonly Requirement[]>;
  readonly targets: ReadonlySet<string>;
  readonly projectDir: string;
}

export async function buildAttestations(
  src: Source,
  scope: AttestationScope,
  ctx: LoadContext,
): Promise<Attestation[]> {
  const out: Attestation[] = [];
  const rel = relative(scope.projectDir, src.file).split("\\").join("/");
  for (const [i, raw] of list(obj(src.data)["attestations"]).entries()) {
    const item = obj(raw);
    const at = (...path: (string | number)[]): Locus => ({ src, path: ["attestations", i, ...path] });
    const requirement = str(item["requirement"]);
    const check = str(item["check"]);
    const status = str(item["status"]) as AttestedStatus | undefined;
    if (!status || !ATTESTED_STATUSES.includes(status)) continue; // the schema reported it
    /** Reports a requirement or check the loaded catalog does not have (unless that catalog failed to load). */
    const unknown = (kind: "requirement" | "check", name: string, known: ReadonlyMap<string, unknown>): boolean => {
      if (known.has(name) || ctx.incomplete.has(kind === "requirement" ? "catalog" : "checks")) return false;
      ctx.problems.error(at(kind), `attestation names unknown ${kind} "${name}"${didYouMean(name, known.keys())}`);
      return true;
    };
    let review: Requirement["review"];
    if (requirement !== undefined) {
      if (unknown("requirement", requirement, scope.requirements)) continue;
      const known = scope.requirements.get(requirement);
      if (known?.mandatory && status === "not_applicable")
        ctx.problems.error(
          at("status"),
          `${known.requirement.label} is a mandatory clause: it cannot be not_applicable`,
        );
      review = known?.requirement.review;
    } else if (check !== undefined) {
      if (unknown("check", check, scope.checks)) continue;
      const citing = scope.checks.get(check);
      review = shortest(citing ?? []);
    }
    const targets = "targets" in item ? strs(item["targets"]) : undefined;
    targets?.forEach((t, ti) => {
      if (!scope.targets.has(t) && !ctx.incomplete.has("project"))
        ctx.problems.error(at("targets", ti), `attestation names unknown target "${t}"${didYouMean(t, scope.targets)}`);
    });
    const date = str(item["date"]) ?? "";
    if (!isRealDate(date)) ctx.problems.error(at("date"), `date "${date}" is not a real day (YYYY-MM-DD)`);
    const validFor = str(item["valid_for"]) ?? (review ? REVIEW_DURATION[review.every] : undefined);
    if (validFor === undefined) {
      ctx.problems.error(at(), "give valid_for: the requirement declares no review frequency to default to");
      continue;
    }
    const documents = await Promise.all(list(item["documents"]).map((d) => document(obj(d), dirname(src.file))));
    const signature = str(item["signature"]);
    const attester = obj(item["attester"]);
    out.push({
      id: `${rel}#${i + 1}`,
      ...(requirement !== undefined ? { requirement } : {}),
      ...(check !== undefined ? { check } : {}),
      ...(targets ? { targets } : {}),
      status,
      ...(str(item["justification"]) !== undefined ? { justification: str(item["justification"]) ?? "" } : {}),
      statement: str(item["statement"]) ?? "",
      attester: {
        name: str(attester["name"]) ?? "",
        role: str(attester["role"]) ?? "",
        email: str(attester["email"]) ?? "",
      },
      date,
      validFor,
      documents,
      ...(signature !== undefined ? { signature: await verifySignature(signature, item) } : {}),
      source: { file: src.file, ...positionOf(src, ["attestations", i], "value") },
    });
  }
  return out;
}

function shortest(reqs: readonly Requirement[]): Requirement["review"] {
  const order = ["monthly", "quarterly", "yearly"];
  return [...reqs]
    .map((r) => r.review)
    .filter((r) => r !== undefined)
    .sort((a, b) => order.indexOf(a.every) - order.indexOf(b.every))[0];
}

async function document(d: Record<string, unknown>, dir: string): Promise<AttestationDocument> {
  const sha256 = str(d["sha256"]) ?? "";
  const title = str(d["title"]);
  const url = str(d["url"]);
  if (url !== undefined) return { name: url, url, sha256, ...(title ? { title } : {}) };
  const name = str(d["path"]) ?? "";
  const path = resolve(dir, name);
  let currentSha256: string | null = null;
  try {
    currentSha256 = createHash("sha256")
      .update(await readFile(path))
      .digest("hex");
  } catch {
    currentSha256 = null; // missing: the evaluator reports it on the requirement
  }
  return { name, path, sha256, currentSha256, ...(title ? { title } : {}) };
}

/** A signed attestation must verify with the key in its own header over exactly this entry. */
async function verifySignature(
  jws: string,
  entry: Record<string, unknown>,
): Promise<NonNullable<Attestation["signature"]>> {
  const { compactVerify, EmbeddedJWK, calculateJwkThumbprint, decodeProtectedHeader } = await import("jose");
  let thumbprint: string | null = null;
  try {
    const header = decodeProtectedHeader(jws);
    if (header.jwk) thumbprint = await calculateJwkThumbprint(header.jwk);
    if (header.typ !== ATTESTATION_TYP)
      return { valid: false, keyThumbprint: thumbprint, problem: `typ is not ${ATTESTATION_TYP}` };
    const { payload } = await compactVerify(jws, EmbeddedJWK);
    if (!Buffer.from(payload).equals(attestationSigningBytes(entry)))
      return { valid: false, keyThumbprint: thumbprint, problem: "the attestation was changed after it was signed" };
    return { valid: true, keyThumbprint: thumbprint };
  } catch (err) {
    return {
      valid: false,
      keyThumbprint: thumbprint,
      problem: err instanceof Error ? err.message.slice(0, 120) : "invalid JWS",
    };
  }
}

function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The project's `applicability:` (group ids expand to their requirements) and `owners:`, checked against the catalogs. */
export function buildApplicability(
  src: Source,
  frameworks: readonly Framework[],
  ctx: LoadContext,
): { applicability: Map<string, ApplicabilityDecision>; owners: Record<string, string> } {
  const data = obj(src.data);
  const groups = new Map(frameworks.flatMap((f) => f.groups.map((g) => [g.id, g] as const)));
  const reqs = new Map(
    frameworks.flatMap((f) => f.groups.flatMap((g) => g.requirements.map((r) => [r.id, { r, g }] as const))),
  );
  const applicability = new Map<string, ApplicabilityDecision>();
  const complete = !ctx.incomplete.has("catalog");
  list(data["applicability"]).forEach((raw, i) => {
    const e = obj(raw);
    const id = str(e["requirement"]) ?? "";
    const group = groups.get(id);
    const targets = group ? group.requirements.map((r) => ({ r, g: group })) : reqs.has(id) ? [reqs.get(id)!] : [];
    if (targets.length === 0) {
      if (complete)
        ctx.problems.error(
          { src, path: ["applicability", i, "requirement"] },
          `unknown requirement or group "${id}"${didYouMean(id, [...reqs.keys(), ...groups.keys()])}`,
        );
      return;
    }
    const applicable = e["applicable"] === true;
    if (!applicable && targets.some((t) => t.g.mandatory))
      ctx.problems.error(
        { src, path: ["applicability", i, "applicable"] },
        `"${id}" is a mandatory clause: it cannot be excluded`,
      );
    for (const { r } of targets)
      applicability.set(r.id, { requirement: r.id, applicable, justification: str(e["justification"]) ?? "" });
  });
  const owners: Record<string, string> = {};
  const known = new Set([...reqs.keys(), ...groups.keys(), ...frameworks.map((f) => f.id)]);
  for (const [k, v] of Object.entries(obj(data["owners"]))) {
    if (complete && !known.has(k))
      ctx.problems.error(
        { src, path: ["owners", k], part: "key" },
        `owners: unknown requirement, group or framework "${k}"${didYouMean(k, known)}`,
      );
    if (typeof v === "string") owners[k] = v;
  }
  return { applicability, owners };
}
