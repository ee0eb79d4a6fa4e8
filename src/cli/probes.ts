/** @module `assay probes list|show`: what this Assay can observe, straight from the probe registry. */
import { PROBES } from "../probes/registry.js";
import { didYouMean } from "../schema/suggest.js";
import { EXIT } from "./exit.js";

export function probesList(opts: { json?: boolean }): number {
  const rows = [...PROBES.values()].map((p) => p.meta).sort((a, b) => a.id.localeCompare(b.id));
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify(
        rows.map((m) => ({
          id: m.id,
          version: m.version,
          title: m.title,
          targetTypes: m.targetTypes,
          aspects: Object.keys(m.aspects),
        })),
        null,
        2,
      )}\n`,
    );
    return EXIT.ok;
  }
  const w = Math.max(...rows.map((m) => m.id.length), 4);
  process.stdout.write(`${"PROBE".padEnd(w)}  ${"TARGETS".padEnd(16)}  TITLE\n`);
  for (const m of rows) process.stdout.write(`${m.id.padEnd(w)}  ${m.targetTypes.join(",").padEnd(16)}  ${m.title}\n`);
  process.stdout.write(`\n${rows.length} probes. Details of one: assay probes show ${rows[0]?.id ?? ""}\n`);
  return EXIT.ok;
}

export function probesShow(id: string, opts: { json?: boolean } = {}): number {
  const p = PROBES.get(id);
  if (!p) {
    process.stderr.write(
      `assay probes show: no probe "${id}"${didYouMean(id, PROBES.keys())}. Known probes: ${[...PROBES.keys()].sort().join(", ")}\n`,
    );
    return EXIT.invalid;
  }
  const m = p.meta;
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(m, null, 2)}\n`);
    return EXIT.ok;
  }
  const out = [
    `${m.id} ${m.version} — ${m.title}`,
    "",
    m.description,
    "",
    `Target types: ${m.targetTypes.join(", ")}`,
    `Side effects: ${m.sideEffects}`,
    "Privileges needed:",
    ...m.privileges.map((x) => `  - ${x}`),
    "Aspects:",
    ...Object.entries(m.aspects).map(([k, v]) => `  ${k}: ${v}`),
    "Messages:",
    ...Object.entries(m.messages).map(([k, v]) => `  ${k}: ${v}`),
    "Params (JSON Schema):",
    JSON.stringify(m.params, null, 2).replace(/^/gm, "  "),
  ];
  process.stdout.write(`${out.join("\n")}\n`);
  return EXIT.ok;
}
