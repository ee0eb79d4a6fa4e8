/**
 * @module `runProbe`: the one way a probe is run — by the engine, the probe tester and the live
 * Oracle suite alike. Params are validated with their defaults filled and deep-frozen; the target
 * is opened and the probe run under a deadline and the caller's AbortSignal; message templates are
 * filled (a missing template falls back to the message id); secrets are redacted from the reason,
 * the findings and the facts. Whatever goes wrong becomes `{ error }` — never an exception.
 */
import { errorMessage } from "../errors.js";
import type { JsonObject, JsonValue } from "../model/json.js";
import type { Finding } from "../model/result.js";
import { Redactor } from "../targets/secrets.js";
import type { TargetType } from "../targets/index.js";
import { type AnyProbe, formatMessage, type ProbeOutput } from "./define.js";
import { resolveParams } from "./params.js";

export interface RunProbeOptions {
  readonly probe: AnyProbe;
  readonly params: JsonValue;
  readonly target: { readonly id: string; readonly type: TargetType; readonly tags: readonly string[] };
  /** Opens (or reuses) the target's handle; called under the deadline. */
  readonly open: (signal: AbortSignal) => Promise<unknown>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly redactor?: Redactor;
  readonly now?: () => Date;
  /** Told why the run failed (what was thrown, and whether the deadline passed), e.g. so a queue worker can retry transient faults. */
  readonly onFailure?: (cause: unknown, timedOut: boolean) => void;
}

export type ProbeRun =
  | {
      readonly ok: true;
      readonly facts: JsonObject;
      readonly findings: readonly Finding[];
      /** What the probe returned, before rendering and redaction (the tester inspects it). */
      readonly raw: ProbeOutput<string, string>;
    }
  | { readonly ok: false; readonly error: string };

export async function runProbe(o: RunProbeOptions): Promise<ProbeRun> {
  const redactor = o.redactor ?? new Redactor();
  const now = o.now ?? (() => new Date());
  const failed = (reason: string): ProbeRun => ({ ok: false, error: redactor.redact(reason) });
  const caller = o.signal ?? new AbortController().signal;
  let resolved;
  try {
    resolved = resolveParams(o.probe, o.params);
  } catch (err) {
    return failed(`probe ${o.probe.meta.id} has an invalid params schema: ${errorMessage(err)}`);
  }
  if (!resolved.ok) return failed(`invalid params: ${resolved.problems.join("; ")}`);
  if (caller.aborted) return failed("run cancelled before this probe started");

  // A ref'd timer (unlike AbortSignal.timeout) keeps the process alive while a probe waits on nothing.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), o.timeoutMs);
  const signal = AbortSignal.any([caller, deadline.signal]);
  const params = resolved.params;
  try {
    const raw = await withAbort(signal, async () => {
      const handle = await o.open(signal);
      const target = { ...o.target, handle };
      return o.probe.run({ params, target, signal, now } as never);
    });
    const messages: Readonly<Record<string, string>> = o.probe.meta.messages;
    const findings: Finding[] = raw.findings.map((f) =>
      redactor.redactJson({
        aspect: f.aspect,
        status: f.status,
        messageId: f.messageId,
        message: formatMessage(messages[f.messageId] ?? f.messageId, f.data),
        ...(f.subject !== undefined ? { subject: f.subject } : {}),
        ...(f.data !== undefined ? { data: { ...f.data } } : {}),
      }),
    );
    return { ok: true, facts: redactor.redactJson(raw.facts), findings, raw };
  } catch (err) {
    o.onFailure?.(err, deadline.signal.aborted);
    if (deadline.signal.aborted) return failed(`timed out after ${o.timeoutMs / 1000}s`);
    if (caller.aborted) return failed("run cancelled");
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
