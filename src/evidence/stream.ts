/**
 * @module Observations to evidence records as they arrive: each observation becomes the records of
 * the checks citing its invocation (judged as `evaluate` judges them, as of `today`) and is appended
 * to the open run at once; what is kept for the final evaluation is the observation without its
 * facts, which are in the records by then. A fleet's memory holds one check result per record and
 * the findings, not every probe's facts. An invocation answered twice (a redelivered queue job)
 * gives its records once; one never answered gets an `error` observation, never a pass. The run is
 * opened in the store with the first record (so a distributed run whose coordinator is stopped while
 * it waits leaves nothing to clear before `--resume`).
 */
import { bindingResult } from "../evaluate/index.js";
import type { AuditSpec, Observation } from "../model/index.js";
import type { CheckBinding, Plan, ProbeInvocation } from "../plan/index.js";
import { checkRecord, requirementIndex } from "./records.js";
import type { EvidenceRunWriter } from "./writer.js";

export class ObservationStream {
  readonly #spec: AuditSpec;
  readonly #plan: Plan;
  readonly #today: string;
  readonly #open: (() => Promise<EvidenceRunWriter>) | null;
  #writer: Promise<EvidenceRunWriter> | null = null;
  readonly #bindings = new Map<string, CheckBinding[]>();
  readonly #requirementsOf: ReadonlyMap<string, readonly string[]>;
  readonly #kept = new Map<string, Observation>();

  /** Without `open` (no evidence written) observations are kept whole: the result is their only home. */
  constructor(spec: AuditSpec, plan: Plan, today: string, open: (() => Promise<EvidenceRunWriter>) | null) {
    this.#spec = spec;
    this.#plan = plan;
    this.#today = today;
    this.#open = open;
    this.#requirementsOf = requirementIndex(spec);
    for (const b of plan.bindings) {
      const list = this.#bindings.get(b.invocationId);
      if (list) list.push(b);
      else this.#bindings.set(b.invocationId, [b]);
    }
  }

  /** The run's writer, opened on first use; null when no evidence is written. */
  writer(): Promise<EvidenceRunWriter> | null {
    if (this.#open && !this.#writer) this.#writer = this.#open();
    return this.#writer;
  }

  /** The writer if the run was opened (or is being opened), else null. */
  opened(): Promise<EvidenceRunWriter> | null {
    return this.#writer;
  }

  async add(o: Observation): Promise<void> {
    if (this.#kept.has(o.invocationId) || !this.#bindings.has(o.invocationId)) return;
    const opening = this.writer();
    this.#kept.set(o.invocationId, opening ? { ...o, facts: {} } : o);
    if (!opening) return;
    const writer = await opening;
    for (const b of this.#bindings.get(o.invocationId) ?? []) {
      const c = bindingResult(this.#spec, b, o, this.#today);
      if (c) await writer.append(checkRecord(c, o, this.#requirementsOf, this.#spec, o));
    }
  }

  /** Every invocation's observation in plan order; one with none yet gets `missing(inv)` first (and its records). */
  async close(missing: (inv: ProbeInvocation) => Observation): Promise<Observation[]> {
    for (const inv of this.#plan.invocations) if (!this.#kept.has(inv.id)) await this.add(missing(inv));
    return this.#plan.invocations.flatMap((inv) => this.#kept.get(inv.id) ?? []);
  }
}
