/**
 * @module One probe invocation as an Observation: the plan's error, or `runProbe` (params,
 * deadline, cancellation, messages, redaction) on the target's shared session. Whatever goes wrong
 * becomes an `error` observation with the reason — never a pass, never an exception that stops the run.
 */
import type { Observation, TargetDecl } from "../model/index.js";
import type { AnyProbe } from "../probes/define.js";
import { runProbe } from "../probes/run.js";
import type { Redactor } from "../targets/secrets.js";
import type { TargetType } from "../targets/index.js";
import type { ProbeInvocation } from "../plan/index.js";
import type { TargetSessions } from "./sessions.js";

export interface InvokeContext {
  readonly probe: AnyProbe;
  readonly target: TargetDecl;
  readonly sessions: TargetSessions;
  readonly redactor: Redactor;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly now: () => Date;
  /** Told why a run failed (the thrown value, or a deadline), e.g. so a queue worker can retry transient faults. */
  readonly onFailure?: (cause: unknown, timedOut: boolean) => void;
}

export async function invoke(inv: ProbeInvocation, ctx: InvokeContext): Promise<Observation> {
  const base = {
    invocationId: inv.id,
    probeId: inv.probeId,
    probeVersion: ctx.probe.meta.version,
    targetId: inv.targetId,
    params: ctx.redactor.redactJson(inv.params),
    startedAt: ctx.now().toISOString(),
  };
  const r = inv.planError
    ? ({ ok: false, error: ctx.redactor.redact(inv.planError) } as const)
    : await runProbe({
        probe: ctx.probe,
        params: inv.params,
        target: { id: ctx.target.id, type: ctx.target.type as TargetType, tags: ctx.target.tags },
        open: () => ctx.sessions.handle(ctx.target),
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
        redactor: ctx.redactor,
        now: ctx.now,
        ...(ctx.onFailure ? { onFailure: ctx.onFailure } : {}),
      });
  const endedAt = ctx.now().toISOString();
  return r.ok
    ? { ...base, endedAt, facts: r.facts, findings: r.findings }
    : { ...base, endedAt, facts: {}, findings: [], error: r.error };
}
