/** @module `assay evidence show`: one requirement's or check's records with Merkle inclusion proofs, as a bundle an auditor can verify alone. */
import { EXIT } from "./exit.js";
import { writeFile } from "node:fs/promises";
import { buildBundle, resolveRunDir } from "../evidence/index.js";
import { projectStores, type StoreOptions } from "./stores.js";

export interface EvidenceShowOptions extends StoreOptions {
  readonly out?: string;
  readonly json?: boolean;
}

export async function evidenceShow(run: string, selector: string, opts: EvidenceShowOptions): Promise<number> {
  const bundle = await buildBundle(await resolveRunDir(run, (await projectStores(opts)).evidenceDir), selector);
  const json = `${JSON.stringify(bundle, null, 2)}\n`;
  if (opts.out !== undefined) await writeFile(opts.out, json);
  if (opts.out === undefined || opts.json) process.stdout.write(json);
  process.stderr.write(
    `${bundle.records.length} record(s) of ${selector} in run ${bundle.runId}, each with its inclusion proof to Merkle root ${bundle.merkleRoot}.\n` +
      (opts.out !== undefined
        ? `Verify it on its own: assay verify --record ${opts.out} (with --key and the signer's public key for an audit)\n`
        : "Save it with -o FILE, then verify it on its own with assay verify --record FILE.\n"),
  );
  return EXIT.ok;
}
