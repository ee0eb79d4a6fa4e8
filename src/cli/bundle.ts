/** @module `assay bundle <run|period> -o audit.zip`: the auditor package, signed with the project's key. */
import { dirname, join, relative, resolve } from "node:path";
import { loadSpec } from "../catalog/index.js";
import { buildAuditPackage } from "../deliver/build.js";
import { resolveSigningKey } from "../evidence/index.js";
import { PUBLIC_KEY_FILE } from "../evidence/keys.js";
import { PROJECT_KEY_DIR } from "../evidence/project-key.js";
import { parseFormats, type ReportFormat } from "../report/index.js";
import { findChrome } from "../report/pdf/chrome.js";
import { EXIT } from "./exit.js";
import { formatProblem } from "./format.js";
import { trustedKeys } from "./stores.js";

export interface BundleCliOptions {
  readonly project: string;
  readonly out: string;
  readonly format?: string;
  /** `--key`, repeatable. */
  readonly key?: readonly string[];
  readonly json?: boolean;
}

/** Reports, the SoA in every format, and the PDFs when a Chromium is installed. */
function defaultFormats(): ReportFormat[] {
  const base: ReportFormat[] = ["html", "json", "soa", "soa-csv", "soa-xlsx"];
  try {
    findChrome();
    return [...base, "pdf", "soa-pdf"];
  } catch {
    process.stderr.write(
      "assay bundle: no Chromium found, so the package holds no PDF (set ASSAY_CHROME to add them)\n",
    );
    return base;
  }
}

export async function bundleCommand(selector: string, opts: BundleCliOptions): Promise<number> {
  const loaded = await loadSpec(opts.project);
  if (!loaded.ok) {
    for (const p of loaded.problems) process.stderr.write(`${formatProblem(p)}\n`);
    return EXIT.invalid;
  }
  const { spec } = loaded;
  const { key } = await resolveSigningKey(spec);
  const result = await buildAuditPackage({
    evidenceDir: spec.settings.evidenceDir,
    selector,
    out: opts.out,
    key,
    projectName: spec.projectName,
    formats: opts.format !== undefined ? parseFormats(opts.format) : defaultFormats(),
    ...trustedKeys(opts.key),
  });
  const shown = relative(process.cwd(), result.file) || result.file;
  // The key to trust is the auditor's own copy: the project's published public key when Assay made it.
  const published = opts.key?.length
    ? opts.key
    : spec.settings.signingKey === undefined
      ? [relative(process.cwd(), join(dirname(resolve(spec.projectFile)), PROJECT_KEY_DIR, PUBLIC_KEY_FILE))]
      : undefined;
  const command = published && `assay verify ${shown}${published.map((k) => ` --key ${k}`).join("")}`;
  if (opts.json) {
    const { size, members, runs } = result;
    const out = { file: shown, size, members, runs, keyId: key.kid, verifyCommand: command ?? null };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return EXIT.ok;
  }
  const verify = command ?? `assay verify ${shown} with --key naming your own copy of public key ${key.kid}`;
  process.stdout.write(
    `wrote ${shown}: ${result.members} members, ${result.size} bytes, ${result.runs.length} run(s) (${result.runs.join(", ")})\n` +
      `  verify: ${verify}; without Assay: see VERIFY.md inside\n`,
  );
  return EXIT.ok;
}
