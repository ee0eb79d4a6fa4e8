/**
 * @module Per-group limits (`run.limits`): buckets per host, tag or inventory group, each with a
 * concurrency cap and/or a start rate. A probe run enters every bucket its target falls in, always
 * in the same (sorted) order, so two runs never wait on each other's buckets. Waiters are served by
 * rank (the engine's schedule order of their target), lowest first, like the engine's global limit.
 */
import PQueue from "p-queue";
import type { GroupLimit, TargetDecl } from "../model/index.js";
import { targetHost } from "../plan/select.js";

interface Bucket {
  readonly limit?: PQueue;
  /** Minimum spacing between starts, in ms. */
  readonly spacingMs?: number;
  nextStart: number;
}

export class GroupLimiter {
  readonly #limits: readonly GroupLimit[];
  readonly #buckets = new Map<string, Bucket>();
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(limits: readonly GroupLimit[] = [], sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))) {
    this.#limits = limits;
    this.#sleep = sleep;
  }

  /** Bucket keys of a target, sorted: `host:db1`, `tag:pii`, `group:pg-eu`. */
  keys(target: TargetDecl): string[] {
    const keys = new Set<string>();
    for (const l of this.#limits) {
      const s = l.scope;
      if ("per" in s) {
        const host = targetHost(target);
        if (host !== undefined) keys.add(`host:${host}`);
      } else if ("tag" in s) {
        if (target.tags.includes(s.tag)) keys.add(`tag:${s.tag}`);
      } else if (target.group === s.group) keys.add(`group:${s.group}`);
    }
    return [...keys].sort();
  }

  /** Run `fn` inside every bucket of `target`; waiters of a lower `rank` go first (default: arrival order). */
  run<T>(target: TargetDecl, fn: () => Promise<T>, rank = 0): Promise<T> {
    return this.keys(target).reduceRight<() => Promise<T>>((inner, key) => () => this.#enter(key, inner, rank), fn)();
  }

  /** The limits of one bucket. Several limits may name one bucket (two entries for tag pii): the strictest wins. */
  limitOf(key: string): { readonly concurrency?: number; readonly ratePerSecond?: number } {
    const matching = this.#limits.filter((l) => bucketKeyOf(l) === key.replace(/:.*/, "") || scopeKey(l) === key);
    const concurrency = Math.min(...matching.map((l) => l.concurrency ?? Infinity));
    const rate = Math.min(...matching.map((l) => l.ratePerSecond ?? Infinity));
    return {
      ...(Number.isFinite(concurrency) ? { concurrency } : {}),
      ...(Number.isFinite(rate) ? { ratePerSecond: rate } : {}),
    };
  }

  #bucket(key: string): Bucket {
    let b = this.#buckets.get(key);
    if (b) return b;
    const { concurrency, ratePerSecond } = this.limitOf(key);
    b = {
      ...(concurrency !== undefined ? { limit: new PQueue({ concurrency }) } : {}),
      ...(ratePerSecond !== undefined ? { spacingMs: 1000 / ratePerSecond } : {}),
      nextStart: 0,
    };
    this.#buckets.set(key, b);
    return b;
  }

  #enter<T>(key: string, fn: () => Promise<T>, rank: number): Promise<T> {
    const b = this.#bucket(key);
    const paced = async (): Promise<T> => {
      if (b.spacingMs !== undefined) {
        const now = Date.now();
        const at = Math.max(now, b.nextStart);
        b.nextStart = at + b.spacingMs;
        if (at > now) await this.#sleep(at - now);
      }
      return fn();
    };
    return b.limit ? b.limit.add(paced, { priority: -rank }) : paced();
  }
}

/** `host` for per-host limits (whose buckets are `host:<name>`), else undefined. */
function bucketKeyOf(l: GroupLimit): string | undefined {
  return "per" in l.scope ? "host" : undefined;
}

function scopeKey(l: GroupLimit): string | undefined {
  const s = l.scope;
  return "tag" in s ? `tag:${s.tag}` : "group" in s ? `group:${s.group}` : undefined;
}
