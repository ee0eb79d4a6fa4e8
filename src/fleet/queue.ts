/**
 * @module The job engine behind distributed runs: BullMQ 6, on its PostgreSQL backend
 * (`postgres://…`) or on Redis/Valkey (`redis://…`, `rediss://…`). One queue of invocation jobs
 * (`assay-invocations`) and one of run parents (`assay-runs`): a run is one BullMQ flow, its
 * parent named by the run id, one child per probe invocation.
 */
import type { FlowProducer, Job, Queue, Worker } from "bullmq";
import { AssayError, EXIT } from "../errors.js";

export type QueueBackend = "postgres" | "redis";

export const INVOCATIONS = "assay-invocations";
export const RUNS = "assay-runs";

/** The BullMQ classes bound to one backend and connection. */
export interface FleetQueue {
  readonly backend: QueueBackend;
  /** The URL with any password replaced by `***`, for messages. */
  readonly shown: string;
  /** The password in the URL, if any, so callers can redact it from error messages. */
  readonly secret?: string;
  queue(name: string): Queue;
  flowProducer(): FlowProducer;
  worker(name: string, processor: (job: Job) => Promise<unknown>, opts: WorkerOptions): Worker;
}

export interface WorkerOptions {
  readonly concurrency: number;
  /** How long a job's lock lasts before another worker may take it over (renewed while alive). */
  readonly lockMs: number;
  /** A job whose worker vanished more than this many times fails (and its run becomes partial). */
  readonly maxStalledCount: number;
}

const urlError = (message: string) => new AssayError(message, { exit: EXIT.invalid });

export async function openFleetQueue(url: string): Promise<FleetQueue> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw urlError("--queue must be a URL: postgres://user@host:5432/db or redis://host:6379");
  }
  const secret = u.password !== "" ? decodeURIComponent(u.password) : undefined;
  const masked = new URL(u.href);
  if (masked.password !== "") masked.password = "***";
  const shown = masked.href;
  const bull = await import("bullmq");
  if (u.protocol === "postgres:" || u.protocol === "postgresql:") {
    const connection = { connectionString: url, migrate: true, max: 4 };
    const { Queue, Worker, FlowProducer } = bull.withBackend(bull.createPostgresBackend);
    return {
      backend: "postgres",
      shown,
      ...(secret !== undefined ? { secret } : {}),
      queue: (name) => new Queue(name, { connection }) as unknown as Queue,
      flowProducer: () => new FlowProducer({ connection }) as unknown as FlowProducer,
      worker: (name, processor, o) =>
        new Worker(name, processor, {
          connection,
          concurrency: o.concurrency,
          lockDuration: o.lockMs,
          stalledInterval: o.lockMs,
          maxStalledCount: o.maxStalledCount,
        }) as unknown as Worker,
    };
  }
  if (u.protocol === "redis:" || u.protocol === "rediss:") {
    const connection = {
      host: u.hostname,
      port: u.port !== "" ? Number(u.port) : 6379,
      ...(u.username !== "" ? { username: decodeURIComponent(u.username) } : {}),
      ...(secret !== undefined ? { password: secret } : {}),
      ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
      ...(u.protocol === "rediss:" ? { tls: {} } : {}),
      maxRetriesPerRequest: null,
    };
    return {
      backend: "redis",
      shown,
      ...(secret !== undefined ? { secret } : {}),
      queue: (name) => new bull.Queue(name, { connection, prefix: "assay" }),
      flowProducer: () => new bull.FlowProducer({ connection, prefix: "assay" }),
      worker: (name, processor, o) =>
        new bull.Worker(name, processor, {
          connection,
          prefix: "assay",
          concurrency: o.concurrency,
          lockDuration: o.lockMs,
          stalledInterval: o.lockMs,
          maxStalledCount: o.maxStalledCount,
        }),
    };
  }
  throw urlError(`--queue: unsupported scheme ${u.protocol} (use postgres://, postgresql://, redis:// or rediss://)`);
}
