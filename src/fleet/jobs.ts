/**
 * @module What travels through the queue, and which failures deserve a retry. A job carries the
 * invocation and its target declaration with secrets still as `${env:…}`/`${file:…}` references
 * (the loader refuses literal secrets), so no secret ever enters the queue; the worker resolves
 * them from its own environment. Its result is the Observation, exactly as the local engine makes it.
 */
import type { GroupLimit, Observation, TargetDecl } from "../model/index.js";
import type { ProbeInvocation } from "../plan/index.js";

export interface InvocationJob {
  readonly v: 1;
  readonly runId: string;
  readonly invocation: ProbeInvocation;
  readonly target: TargetDecl;
  readonly timeoutMs: number;
  /** The run's `run.limits`; each worker process enforces them on the jobs it runs. */
  readonly limits?: readonly GroupLimit[];
}

/** What the run's parent job records, so `--resume` can check it is continuing the same plan. */
export interface RunJob {
  readonly v: 1;
  readonly runId: string;
  readonly startedAt: string;
  /** SHA-256 over the sorted invocation ids: a resumed run must plan exactly the same invocations. */
  readonly planDigest: string;
  readonly total: number;
}

/** Job ids derive from (run, invocation): a job added twice is one job, a redelivered result one record. */
export function jobId(runId: string, invocationId: string): string {
  return `${runId}.${invocationId}`;
}

/** Retry policy: transient faults only, with exponential backoff. */
export const ATTEMPTS = 3;
export const BACKOFF_MS = 500;

const TRANSIENT_ERRNO = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "EPIPE",
  "ECONNABORTED",
]);

/**
 * Whether a failure may pass on its own: connection refused or reset, a timeout, PostgreSQL
 * connection exceptions (SQLSTATE class 08), shutdowns (57P01-57P03), too many connections (53300),
 * a database error of kind `connection` or `timeout` (PostgreSQL and Oracle alike). Decided from codes, never message text.
 * Findings are never transient: a probe that ran and judged is a result.
 */
export function isTransient(cause: unknown, timedOut: boolean): boolean {
  if (timedOut) return true;
  for (let e = cause, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, kind } = e as { code?: unknown; kind?: unknown };
    if (typeof code === "string") {
      if (TRANSIENT_ERRNO.has(code) || /^08...$/.test(code) || /^57P0[123]$/.test(code) || code === "53300")
        return true;
    }
    if (kind === "connection" || kind === "timeout") return true; // DatabaseError (src/targets/sql/errors.ts)
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A worker that could not run an invocation, as the coordinator records it. */
export function missingObservation(inv: ProbeInvocation, reason: string, at: string): Observation {
  return {
    invocationId: inv.id,
    probeId: inv.probeId,
    probeVersion: "unknown",
    targetId: inv.targetId,
    params: inv.params,
    startedAt: at,
    endedAt: at,
    facts: {},
    findings: [],
    error: reason,
  };
}
