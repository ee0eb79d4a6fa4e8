/** @module `assay init`: scaffold a commented `assay.yaml` for a new project (never overwrites). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { EXIT } from "./exit.js";

const TEMPLATE = `# yaml-language-server: $schema=https://assay.dev/schemas/project.schema.json
# Assay project file. Validate it with \`assay check\`, run it with \`assay run\`.
# Secrets are never written here: use \${env:NAME} or \${file:PATH}; they are resolved at run time
# and scrubbed from every output.

project:
  name: my-data-platform

# The shipped catalogs (assay:…) or your own files. Defaults shown.
catalogs: [assay:gdpr, assay:iso27001-2022]
checks: [assay:checks]
profile: assay:baseline          # or assay:strict, or a path to your own profile (extends: baseline)
mappings: [assay:gdpr-to-iso27001-2022]
# waivers: waivers.yaml          # accepted risks: id, control, targets, justification, approver, expires

targets:
  # An application's security configuration (YAML, JSON or .env).
  - id: api-config
    type: file
    tags: [app-config]
    connection: { path: config/app.yaml }

  # A PostgreSQL database. The least-privilege role Assay needs: docs/probes/postgres.md.
  # - id: warehouse
  #   type: postgres
  #   tags: [pii]
  #   connection:
  #     host: db.internal
  #     port: 5432
  #     database: warehouse
  #     user: assay_ro
  #     password: \${env:ASSAY_PG_PASSWORD}
  #     ssl: { mode: verify-full, ca: certs/db-ca.pem }
  #   attributes:
  #     personal_data_tables: [staging.customers]   # tables holding personal data (discovery)
  #     rls_tables: [staging.customers]             # tables that need row-level security
  #     audit_trigger_tables: [staging.customers]   # tables whose changes triggers must audit

  # An HTTPS endpoint. Checks select endpoints by tag: tls (protocols, ciphers, certificate),
  # web (HTTP security headers, redirect, cookies); an OpenID provider adds oidc and jwt.
  # - id: public-api
  #   type: endpoint
  #   tags: [tls, web]
  #   connection: { url: https://api.example.com/health }

evidence:
  dir: evidence
  # signing_key: \${file:keys/assay-private.jwk}   # assay keys generate; without it a project key is made in .assay/keys/

reports:
  dir: reports

run:
  concurrency: 8
  per_target_concurrency: 2
  timeout_seconds: 30
`;

/** Private signing keys must never reach version control. */
const GITIGNORE = `# Assay: private signing keys never go into version control.
*-private.jwk
.assay/keys/
`;

/** Adds the key patterns to the .gitignore beside the project file (creates it when missing). */
function ignoreKeys(dir: string): string | undefined {
  const path = join(dir, ".gitignore");
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  if (current.includes("*-private.jwk")) return undefined;
  writeFileSync(path, `${current}${current === "" || current.endsWith("\n") ? "" : "\n"}${GITIGNORE}`);
  return path;
}

export function initCommand(opts: { project: string; force?: boolean; json?: boolean }): number {
  const path = resolve(opts.project);
  if (existsSync(path) && !opts.force) {
    process.stderr.write(
      `assay init: ${opts.project} already exists; pass --force to overwrite it, or -p to write another file\n`,
    );
    return EXIT.invalid;
  }
  mkdirSync(dirname(path), { recursive: true }); // `assay init -p audits/assay.yaml` in a new project
  writeFileSync(path, TEMPLATE, { flag: opts.force ? "w" : "wx" });
  const ignored = ignoreKeys(dirname(path));
  const next = [`assay check -p ${opts.project}`, `assay run -p ${opts.project}`];
  if (opts.json) {
    const written = [opts.project, ...(ignored ? [relative(process.cwd(), ignored) || ignored] : [])];
    process.stdout.write(`${JSON.stringify({ written, next }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (ignored)
    process.stdout.write(`Wrote ${relative(process.cwd(), ignored) || ignored}: private keys are never committed.\n`);
  process.stdout.write(`Wrote ${opts.project}. Next: edit its targets, then run \`${next[0]}\` and \`${next[1]}\`.\n`);
  return EXIT.ok;
}
