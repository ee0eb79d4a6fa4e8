/**
 * @module One probe invocation: validate params, run with a deadline and the run's AbortSignal,
 * fill message templates, redact secrets. Whatever goes wrong becomes an `error` observation with
 * the reason — never a pass, never an exception that stops the run.
 */
import { errorMessage } from "../errors.js";
import type { Finding, Observation, TargetDecl } from "../model/index.js";
import { type AnyProbe, formatMessage } from "../probes/define.js";
import { deepFreeze, paramsProblems } from "../probes/params.js";
import type { Redactor } from "../targets/secrets.js";
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
}

export async function invoke(inv: ProbeInvocation, ctx: InvokeContext): Promise<Observation> {
  const startedAt = ctx.now().toISOString();
  const base = {
    invocationId: inv.id,
    probeId: inv.probeId,
    probeVersion: ctx.probe.meta.version,
    targetId: inv.targetId,
    params: ctx.redactor.redactJson(inv.params),
    startedAt,
  };
  const failed = (reason: string): Observation => ({
    ...base,
    endedAt: ctx.now().toISOString(),
    facts: {},
    findings: [],
    error: ctx.redactor.redact(reason),
  });

  if (inv.planError) return failed(inv.planError);
  const problems = paramsProblems(ctx.probe, inv.params);
  if (problems.length > 0) return failed(`invalid params: ${problems.join("; ")}`);
  if (ctx.signal.aborted) return failed("run cancelled before this probe started");

  // A ref'd timer (unlike AbortSignal.timeout) keeps the process alive while a probe waits on nothing.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), ctx.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, deadline.signal]);
  try {
    const output = await withAbort(signal, async () => {
      const handle = await ctx.sessions.handle(ctx.target);
      const target = { id: ctx.target.id, type: ctx.target.type, tags: ctx.target.tags, handle } as const;
      return ctx.probe.run({ params: deepFreeze(structuredClone(inv.params)), target, signal, now: ctx.now } as never);
    });
    const meta = ctx.probe.meta;
    const findings: Finding[] = output.findings.map((f) => {
      const template = (meta.messages as Record<string, string>)[f.messageId] ?? f.messageId;
      return ctx.redactor.redactJson({
        aspect: f.aspect,
        status: f.status,
        messageId: f.messageId,
        message: formatMessage(template, f.data),
        ...(f.subject !== undefined ? { subject: f.subject } : {}),
        ...(f.data !== undefined ? { data: { ...f.data } } : {}),
      });
    });
    return { ...base, endedAt: ctx.now().toISOString(), facts: ctx.redactor.redactJson(output.facts), findings };
  } catch (err) {
    if (deadline.signal.aborted) return failed(`timed out after ${ctx.timeoutMs / 1000}s`);
    if (ctx.signal.aborted) return failed("run cancelled");
    return failed(errorMessage(err));
  } finally {
    clearTimeout(timer);
  }
}

/** Run `fn`, but settle as soon as `signal` aborts even if `fn` ignores the signal. */
function withAbort<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("aborted"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    fn()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}
