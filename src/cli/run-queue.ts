/** @module `assay run --queue`: what `runCommand` hands to `runAudit` for a distributed run. */
import { errorMessage } from "../errors.js";
import { forgetRun, runOnQueue, type QueueOutcome, type QueueProgress } from "../fleet/coordinator.js";
import { openFleetQueue } from "../fleet/queue.js";
import type { PartialRun } from "../model/index.js";
import { newRunId, type ObservationSource } from "../pipeline.js";

export type DistributedRun = Awaited<ReturnType<typeof distributedRun>>;

export interface DistributedOptions {
  readonly resume?: string | undefined;
  readonly waitTimeout?: number | undefined;
  readonly quiet?: boolean | undefined;
}

export async function distributedRun(url: string, opts: DistributedOptions) {
  const fleet = await openFleetQueue(url);
  const runId = opts.resume ?? newRunId(new Date());
  let outcome: QueueOutcome | undefined;
  const observe = (onProgress: (p: QueueProgress) => void): ObservationSource =>
    async function* (plan, spec, ctx) {
      outcome = await runOnQueue(plan, spec, ctx, {
        fleet,
        runId,
        startedAt: new Date().toISOString(),
        ...(opts.resume !== undefined ? { resume: true } : {}),
        ...(opts.waitTimeout !== undefined ? { waitTimeoutMs: opts.waitTimeout * 1000 } : {}),
        onProgress,
        onQueued: () => {
          if (!opts.quiet)
            process.stderr.write(
              `assay run: ${opts.resume !== undefined ? "resumed" : "queued"} run ${runId} on ${fleet.shown} (${plan.invocations.length} probe runs); workers: assay worker --queue …\n`,
            );
        },
      });
      // Handed on page by page as they are read from the queue: the evidence store takes each at once.
      yield* outcome.observations;
    };
  return {
    runId,
    observe,
    partial: (): PartialRun | null => outcome?.partial() ?? null,
    /** Once the run is evaluated (and signed), its jobs leave the queue; failing to remove them is only a note. */
    forget: async (note: (m: string) => void) => {
      try {
        await forgetRun(fleet, runId);
      } catch (err) {
        note(`the run's jobs could not be removed from the queue: ${redact(errorMessage(err), fleet.secret)}`);
      }
    },
  };
}

function redact(s: string, secret: string | undefined): string {
  return secret ? s.split(secret).join("***") : s;
}
