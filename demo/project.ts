/** @module The demo's project folder: assay.yaml (secrets only by reference), CA bundle, IdP export and app config. */
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { writeAttestations } from "./attestations.js";
import type { RunningOidcProvider } from "../test/support/oidc.js";
import type { DemoApi } from "./api.js";
import { writeDataProtectionFiles } from "./data-protection.js";
import { QA_ROLE_MATRIX, ROLE_MATRIX, type Warehouse } from "./warehouse.js";

const root = fileURLToPath(new URL("../", import.meta.url));

const APP_CONFIG = `# Security configuration of the ETL API (as deployed).
service: etl-api
jwt:
  algorithm: HS256            # symmetric: every verifier holds the signing key
  expiry_minutes: 60
encryption_algorithm: AES-256-GCM
audit_retention_days: 3650    # ten years: beyond storage limitation
api_rate_limit: 100/min
jwt_secret: \${JWT_SECRET}     # held in the secret store
smtp_password: changeme       # a default left behind
`;

/** The demo's warehouse target: PostgreSQL with the attributes its checks need (also used by test/cli/help-examples). */
export function warehouseTarget(w: Warehouse) {
  return {
    id: "warehouse",
    type: "postgres",
    tags: ["pii", "audit-trail", "warehouse"],
    connection: {
      host: w.server.host,
      port: w.server.port,
      database: "warehouse",
      user: "assay_ro",
      password: "${env:ASSAY_DEMO_PG_PASSWORD}",
      ssl: { mode: "disable" },
    },
    attributes: {
      personal_data_tables: ["staging.customers"],
      rls_tables: ["staging.customers"],
      audit_trigger_tables: ["staging.customers"],
      role_matrix: ROLE_MATRIX,
      retention_datasets: [{ table: "staging.customers", timestamp_column: "created_at", retention_days: 365 }],
      audit_log: { table: "audit.events", timestamp_column: "ts", retention_days: 400 },
      audit_table: "audit.events",
      app_role: "etl_app",
      audit_chain: {
        table: "audit.events",
        sequence_column: "seq",
        hash_column: "hash",
        columns: ["seq", "ts", "actor", "action"],
      },
    },
  };
}

export async function writeProject(
  dir: string,
  p: { warehouse: Warehouse; api: DemoApi; idp: RunningOidcProvider },
): Promise<string> {
  await writeFile(join(dir, "api-ca.pem"), p.api.caPem);
  await writeFile(join(dir, "app-config.yaml"), APP_CONFIG);
  await copyFile(join(root, "test/fixtures/keycloak/realm-weak.json"), join(dir, "keycloak-realm.json"));
  const dataProtection = await writeDataProtectionFiles(dir);
  // Scanner results as CI would leave them: captured Trivy output and a CycloneDX VEX statement
  // (sources in test/fixtures/scanners/README.md), with a critical Log4Shell finding open since 2022.
  await mkdir(join(dir, "scan-results"), { recursive: true });
  for (const [from, to] of [
    ["trivy-npm-with-suppressed.json", "trivy-etl-api.json"],
    ["cyclonedx-vex-affected.json", "vex-etl-worker.cdx.json"],
  ] as const)
    await copyFile(join(root, "test/fixtures/scanners", from), join(dir, "scan-results", to));
  // Tokens the API must refuse, signed by the demo IdP itself: one expired, one for another audience.
  await mkdir(join(dir, "tokens"), { recursive: true });
  const now = Math.floor(Date.now() / 1000);
  await writeFile(join(dir, "tokens/expired.jwt"), await p.idp.signToken({ iat: now - 7200, exp: now - 3600 }));
  await writeFile(join(dir, "tokens/other-audience.jwt"), await p.idp.signToken({ aud: "https://reports.assay.test" }));
  const project = {
    project: { name: "etl-platform-demo" },
    profile: "assay:strict", // personal data at scale: the strict thresholds (15-minute tokens, TLS 1.3, CNIL log retention)
    targets: [
      warehouseTarget(p.warehouse),
      {
        id: "etl-api",
        type: "endpoint",
        tags: ["tls", "web", "api"],
        connection: {
          url: p.api.url,
          ca: "api-ca.pem",
          http_url: p.api.httpUrl,
          issuer: p.idp.issuer,
          tokens: ["${file:tokens/expired.jwt}", "${file:tokens/other-audience.jwt}"],
          client_credentials: {
            client_id: p.idp.clientId,
            client_secret: "${env:ASSAY_DEMO_CLIENT_SECRET}",
            token_url: p.idp.tokenUrl,
            resource: p.idp.resource,
          },
        },
        attributes: {
          // The declared limit comes from the app config (api_rate_limit: 100/min).
          api: {
            protected_path: "/api/orders",
            expected_audience: p.idp.resource,
            rate_limit: { limit: 100, window_seconds: 60, path: "/api/orders" },
          },
        },
      },
      { id: "ci-scans", type: "file", tags: ["scan-results"], connection: { path: "scan-results" } },
      {
        id: "identity-provider",
        type: "endpoint",
        tags: ["oidc", "jwt"],
        connection: {
          url: p.idp.issuer,
          client_credentials: {
            client_id: p.idp.clientId,
            client_secret: "${env:ASSAY_DEMO_CLIENT_SECRET}",
            token_url: p.idp.tokenUrl,
            resource: p.idp.resource,
          },
        },
        attributes: { expected_audience: p.idp.resource, expected_issuer: p.idp.issuer },
      },
      {
        id: "keycloak-export",
        type: "file",
        tags: ["idp"],
        connection: { path: "keycloak-realm.json", format: "keycloak" },
      },
      { id: "etl-api-config", type: "file", tags: ["app-config"], connection: { path: "app-config.yaml" } },
      {
        id: "warehouse-qa",
        type: "postgres",
        tags: ["non-production"],
        connection: {
          host: p.warehouse.server.host,
          port: p.warehouse.server.port,
          database: "warehouse_qa",
          user: "assay_ro",
          password: "${env:ASSAY_DEMO_PG_PASSWORD}",
          ssl: { mode: "disable" },
        },
        attributes: {
          personal_data_tables: ["staging.customers"],
          role_matrix: QA_ROLE_MATRIX,
          retention_datasets: [{ table: "staging.customers", timestamp_column: "created_at", retention_days: 365 }],
        },
      },
      ...dataProtection,
    ],
    attestations: [await writeAttestations(dir)],
    applicability: [
      {
        requirement: "iso-a.7",
        applicable: false,
        justification: "Fully remote company: physical controls are the hosting provider's (A.5.19–A.5.23).",
      },
      {
        requirement: "iso-a.8.24",
        applicable: true,
        justification: "Personal data in transit and at rest (risk R-01).",
      },
      {
        requirement: "iso-a.5.15",
        applicable: true,
        justification: "Administrators and operators reach personal data (risk R-01).",
      },
    ],
    owners: {
      "iso27001-2022": "dana.reyes@etl-demo.example",
      gdpr: "sam.ortiz@etl-demo.example",
      "iso-a.8": "platform-team@etl-demo.example",
    },
    signoff: {
      assessor: "Alex Kim, internal auditor",
      scope: "ETL platform: warehouse, API, identity provider (demo)",
    },
    evidence: { dir: "evidence" },
    reports: { dir: "reports" },
    run: { concurrency: 8, per_target_concurrency: 2, timeout_seconds: 30 },
  };
  const file = join(dir, "assay.yaml");
  await writeFile(
    file,
    `# yaml-language-server: $schema=../schemas/project.schema.json\n# Written by \`npm run demo\`. Secrets are references, resolved from the environment at run time.\n${stringify(project)}`,
  );
  return file;
}
