/** @module `assay worker`: serve probe jobs from the queue until SIGINT/SIGTERM, then finish the jobs in hand and exit. */
import { resolve } from "node:path";
import { startWorker } from "../fleet/worker.js";
import { AssayError, EXIT, errorMessage } from "../errors.js";

export interface WorkerCliOptions {
  queue?: string;
  concurrency: number;
  baseDir: string;
  lockSeconds: number;
  quiet?: boolean;
}

export async function workerCommand(opts: WorkerCliOptions): Promise<number> {
  const url = opts.queue ?? process.env["ASSAY_QUEUE_URL"];
  if (url === undefined || url === "") {
    process.stderr.write("assay worker: give --queue <url> or set ASSAY_QUEUE_URL\n");
    return EXIT.invalid;
  }
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1 || opts.concurrency > 1024) {
    process.stderr.write("assay worker: --concurrency must be a whole number from 1 to 1024\n");
    return EXIT.invalid;
  }
  if (!(opts.lockSeconds > 0)) {
    process.stderr.write("assay worker: --lock-seconds must be a positive number\n");
    return EXIT.invalid;
  }
  let jobs = 0;
  let worker;
  try {
    worker = await startWorker({
      url,
      concurrency: opts.concurrency,
      baseDir: resolve(opts.baseDir),
      lockMs: Math.round(opts.lockSeconds * 1000),
      onJob: () => jobs++,
    });
  } catch (err) {
    if (err instanceof AssayError) throw err;
    throw new AssayError(`cannot reach the queue: ${errorMessage(err)}`, { exit: EXIT.incomplete, cause: err });
  }
  if (!opts.quiet)
    process.stderr.write(`assay worker: serving probe jobs (concurrency ${opts.concurrency}); Ctrl-C to stop\n`);
  await new Promise<void>((done) => {
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
  await worker.close();
  if (!opts.quiet) process.stderr.write(`assay worker: stopped after ${jobs} job(s)\n`);
  return EXIT.ok;
}
