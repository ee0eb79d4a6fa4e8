/**
 * @module The probe contract. A probe is static `meta` plus `run(ctx)`, in the manner of an ESLint
 * rule: it reaches its target only through `ctx`, returns observed facts and findings, and never
 * holds a threshold of its own (thresholds arrive as params, validated against `meta.params`).
 */
import type { TObject } from "@sinclair/typebox";
import type { JsonObject, JsonSchema, JsonValue } from "../model/json.js";
import type { FindingStatus } from "../model/status.js";
import type { Filled } from "../schema/typebox.js";
import { errorMessage } from "../errors.js";
import type { TargetHandleMap, TargetType } from "../targets/index.js";

export interface ProbeMeta<M extends string, A extends string, T extends TargetType> {
  /** Equals the probe's folder name under src/probes/. */
  readonly id: string;
  /** Bumped when the probe's observations or judgement change; recorded in every evidence record. */
  readonly version: string;
  readonly title: string;
  readonly description: string;
  readonly targetTypes: readonly T[];
  /** JSON Schema of the params (`additionalProperties: false`); validated before the probe runs. */
  readonly params: JsonSchema;
  /** The least privileges the probe needs on its target, in the target's own vocabulary. */
  readonly privileges: readonly string[];
  /** Probes observe; they never change a target. */
  readonly sideEffects: "none";
  /** The separately checkable aspects, id → one-line description; checks may select a subset. */
  readonly aspects: Readonly<Record<A, string>>;
  /** Message templates, id → text with `{{placeholder}}` filled from the finding's `data`. */
  readonly messages: Readonly<Record<M, string>>;
}

export interface ProbeTarget<T extends TargetType> {
  readonly id: string;
  readonly type: T;
  readonly tags: readonly string[];
  readonly handle: TargetHandleMap[T];
}

export interface ProbeContext<P, T extends TargetType> {
  /** Params after schema validation, deep-frozen. */
  readonly params: Readonly<P>;
  readonly target: ProbeTarget<T>;
  /** Aborted on timeout or cancellation; pass it to every I/O call. */
  readonly signal: AbortSignal;
  readonly now: () => Date;
}

export interface ProbeFinding<M extends string, A extends string> {
  readonly aspect: A;
  readonly status: FindingStatus;
  readonly messageId: M;
  /** What inside the target the finding is about (a table, a role, an account id). Never a secret. */
  readonly subject?: string;
  readonly data?: Readonly<Record<string, JsonValue>>;
}

export interface ProbeOutput<M extends string, A extends string> {
  /** The observed facts: the evidence payload. Never a secret, token, hash or key. */
  readonly facts: JsonObject;
  readonly findings: readonly ProbeFinding<M, A>[];
}

export interface Probe<P, M extends string, A extends string, T extends TargetType> {
  readonly meta: ProbeMeta<M, A, T>;
  run(ctx: ProbeContext<P, T>): Promise<ProbeOutput<M, A>>;
}

/** Any probe, as the registry and engine hold them. Method syntax keeps `run` bivariant. */
export interface AnyProbe {
  readonly meta: ProbeMeta<string, string, TargetType>;
  run(ctx: ProbeContext<unknown, TargetType>): Promise<ProbeOutput<string, string>>;
}

/** What a probe module writes: the meta with `sideEffects` left out (it is always "none"). */
export type ProbeMetaInput<S, M extends string, A extends string, T extends TargetType> = Omit<
  ProbeMeta<M, A, T>,
  "params" | "sideEffects"
> & { readonly params: S; readonly sideEffects?: "none" };

/**
 * The params a probe receives, derived from its TypeBox schema: a property declared with a default
 * (`withDefault`) is always present, because the engine fills defaults before `run`.
 */
export type ParamsOf<S extends TObject> = Filled<S>;

/**
 * Define a probe. Its params type comes from the TypeBox schema in `meta.params` (one declaration
 * for schema, type and defaults); message ids, aspects and target types are inferred, so a misspelt
 * message id or aspect does not compile:
 * `export default defineProbe({ meta: { params: Type.Object({...}), ... }, async run(ctx) {...} })`.
 * The older form `defineProbe<Params>()({...})` (a plain JSON Schema beside a hand-written
 * interface) remains for the probes not converted yet.
 */
export function defineProbe<P>(): <const M extends string, const A extends string, const T extends TargetType>(probe: {
  readonly meta: ProbeMetaInput<JsonSchema, M, A, T>;
  run(ctx: ProbeContext<P, T>): Promise<ProbeOutput<M, A>>;
}) => Probe<P, M, A, T>;
export function defineProbe<
  const S extends TObject,
  const M extends string,
  const A extends string,
  const T extends TargetType,
>(probe: {
  readonly meta: ProbeMetaInput<S, M, A, T>;
  run(ctx: ProbeContext<ParamsOf<S>, T>): Promise<ProbeOutput<M, A>>;
}): Probe<ParamsOf<S>, M, A, T>;
export function defineProbe(probe?: {
  readonly meta: ProbeMetaInput<JsonSchema, string, string, TargetType>;
  run(ctx: never): Promise<ProbeOutput<string, string>>;
}): unknown {
  const complete = (p: NonNullable<typeof probe>) => ({ ...p, meta: { ...p.meta, sideEffects: "none" as const } });
  return probe ? complete(probe) : complete;
}

/**
 * A pass-or-fail finding from one comparison, the shape of most judgements:
 * `verdict("cert_key", bits >= min, ["keyOk", "keyWeak"], { bits, min })`.
 */
export function verdict<M extends string, A extends string>(
  aspect: A,
  ok: boolean,
  [pass, fail]: readonly [pass: M, fail: M],
  data?: Readonly<Record<string, JsonValue>>,
  subject?: string,
): ProbeFinding<M, A> {
  return {
    aspect,
    status: ok ? "pass" : "fail",
    messageId: ok ? pass : fail,
    ...(subject !== undefined ? { subject } : {}),
    ...(data !== undefined ? { data } : {}),
  };
}

/** The same finding for every aspect of a probe: a source that cannot be read, or holds nothing to judge. */
export function everyAspect<M extends string, A extends string>(
  aspects: Readonly<Record<A, string>>,
  status: FindingStatus,
  messageId: M,
  data?: Readonly<Record<string, JsonValue>>,
): ProbeFinding<M, A>[] {
  return (Object.keys(aspects) as A[]).map((aspect) => ({ aspect, status, messageId, ...(data ? { data } : {}) }));
}

/** Fill `{{name}}` placeholders from data; an unknown placeholder stays visible as `{{name}}`. */
export function formatMessage(template: string, data: Readonly<Record<string, JsonValue>> = {}): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const v = data[name];
    if (v === undefined) return whole;
    return typeof v === "string" ? v : JSON.stringify(v);
  });
}

/**
 * `parse()`'s value, or null with an `error` finding `messageId` on `aspect` (data `reason`: what
 * was thrown) pushed to `findings`: for input a probe must read before it can judge that aspect.
 */
export function parsedOr<T, M extends string, A extends string>(
  parse: () => T,
  [aspect, messageId]: readonly [A, M],
  findings: ProbeFinding<M, A>[],
): T | null {
  try {
    return parse();
  } catch (err) {
    findings.push({ aspect, status: "error", messageId, data: { reason: errorMessage(err) } });
    return null;
  }
}
