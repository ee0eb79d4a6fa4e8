/** @module `assay evidence show`: one requirement's or check's records with Merkle inclusion proofs, as a bundle an auditor can verify alone. */
import { EXIT } from "./exit.js";
import { writeFile } from "node:fs/promises";
import { buildBundle, resolveRunDir } from "../evidence/index.js";

export interface EvidenceShowOptions {
  readonly evidence: string;
  readonly out?: string;
}

export async function evidenceShow(run: string, selector: string, opts: EvidenceShowOptions): Promise<number> {
  const bundle = await buildBundle(await resolveRunDir(run, opts.evidence), selector);
  const json = `${JSON.stringify(bundle, null, 2)}\n`;
  if (opts.out !== undefined) await writeFile(opts.out, json);
  else process.stdout.write(json);
  process.stderr.write(
    `${bundle.records.length} record(s) of ${selector} in run ${bundle.runId}, each with its inclusion proof to Merkle root ${bundle.merkleRoot}.\n` +
      `Verify on its own: assay verify --record ${opts.out ?? "<this output saved to a file>"} --key <public.jwk>\n`,
  );
  return EXIT.ok;
}
