/**
 * @module Registration of what people add and hand over: attest, requests (what attestations are
 * due) and bundle (the auditor package).
 */
import { type Command, Option } from "commander";
import type { AttestCliOptions } from "../attest.js";
import type { BundleCliOptions } from "../bundle.js";
import { collect, examples, exitWith, keyOption, projectOption } from "./options.js";

export function registerAuditor(program: Command): void {
  const attest = program
    .command("attest <id>")
    .description(
      "Write or update the attestation of a requirement (or, with --check, of a check on --target targets) in an attestations file; --sign signs it with the attester's own key.",
    )
    .requiredOption("--status <status>", "implemented | partially_implemented | not_implemented | not_applicable")
    .requiredOption("--statement <text>", "the statement, in the attester's words")
    .requiredOption("--name <name>", "attester's name")
    .requiredOption("--role <role>", "attester's role, e.g. CISO")
    .requiredOption("--email <email>", "attester's e-mail")
    .option("-f, --file <file>", "attestations file to write", "attestations/attestations.yaml")
    .option("--check", "the id is a check id (attested on --target targets)")
    .option("--target <id>", "a target the statement covers (repeat)", collect)
    .option("--justification <text>", "why it does not apply (required for not_applicable)")
    .option("--date <YYYY-MM-DD>", "day of the statement (default: today)")
    .option("--valid-for <duration>", "ISO 8601 duration; default: the requirement's review frequency")
    .option("--document <file>", "an evidence document, hashed now (repeat)", collect)
    .option("--url <url#sha256=hex>", "a document held elsewhere, with its hash (repeat)", collect)
    .option("--sign <private.jwk>", "sign with the attester's private key (JWK, mode 0600)")
    .option(
      "--json",
      'print what was written as JSON: {"action": "added"|"updated", "file", "kind": "requirement"|"check", "id", "signed", "attestation": the entry as written}',
    )
    .action(async (id: string, opts: AttestCliOptions) =>
      exitWith((await import("../attest.js")).attestCommand(id, opts)),
    );
  examples(attest, [
    'assay attest iso-9.3 --status implemented --statement "Management review held on 2026-10-14." \\\n      --name "Dana Reyes" --role CISO --email dana@example.com --document docs/mr-minutes.pdf --sign ~/.keys/dana.jwk',
  ]);

  const requests = program
    .command("requests")
    .description(
      "Evidence requests for the next period: requirements whose attestation is missing, lapsed, invalid or due soon, with owner, due day and documents to provide.",
    );
  projectOption(requests)
    .option(
      "--due-within <duration>",
      "also list attestations expiring within this window (30d, 2w, 3m, 1y, P30D)",
      "30d",
    )
    .option("--format <format>", "md | csv | json", "md")
    .addOption(
      new Option(
        "--json",
        'the same as --format json: {"schema": "assay/evidence-requests@1", "project", "today", "dueWithin", "requests": [{"requirementId", "frameworkId", "label", "title", "reason", "due", "owner", "detail", "documents", "review"}]}',
      ).conflicts("format"),
    )
    .option("--today <YYYY-MM-DD>", "the day to judge validity on (default: today, UTC)")
    .action(async (opts: { project: string; dueWithin: string; format: string; today?: string; json?: boolean }) =>
      exitWith((await import("../requests.js")).requestsCommand(opts)),
    );
  examples(requests, [
    "assay requests --due-within 30d --format md > requests.md",
    "assay requests -p assay.yaml --format csv > requests.csv",
  ]);

  const bundle = program
    .command("bundle <run-or-period>")
    .description(
      "Write the auditor package: the evidence runs of a month (YYYY-MM) or one run, attestation documents, reports, Statement of Applicability, public keys (JWKS) and VERIFY.md, in one signed zip.",
    )
    .requiredOption("-o, --out <file>", "the zip to write, e.g. audit-2026-11.zip");
  projectOption(bundle, "project file (evidence folder and signing key)").option(
    "--format <list>",
    "report formats to include (default: html,json,soa,soa-csv,soa-xlsx, and pdf,soa-pdf with Chromium)",
  );
  keyOption(bundle, "trusted public key to verify the runs with before packaging")
    .option(
      "--json",
      'print the package written as JSON: {"file", "size" (bytes), "members", "runs": [run ids], "keyId" (the package signing key), "verifyCommand" (null when the key to trust is not in the project)}',
    )
    .action(async (selector: string, opts: BundleCliOptions) =>
      exitWith((await import("../bundle.js")).bundleCommand(selector, opts)),
    );
  examples(bundle, [
    "assay bundle 2026-11 -o audit-2026-11.zip",
    "assay verify audit-2026-11.zip --key keys/assay-public.jwk",
  ]);
}
