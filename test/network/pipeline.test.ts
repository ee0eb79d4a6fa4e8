import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { runAudit } from "../../src/pipeline.js";
import { startOidcProvider } from "../support/oidc.js";
import { makeCaAndLeaf } from "../support/tls.js";
import { closedPort, startTlsServer } from "./servers.js";

/**
 * The whole pipeline (load → plan → engine → evaluate) over the shipped network and identity
 * checks, against real servers: one good HTTPS site, one legacy TLS server, one closed port, an
 * OpenID provider with 60-minute tokens whose client secret comes from the environment, and the
 * weak Keycloak fixture. A small catalog of our own cites the checks, so this test does not depend
 * on how the shipped catalogs bind them.
 */
const dir = mkdtempSync(join(tmpdir(), "assay-netid-"));
const { ca, leaf } = await makeCaAndLeaf();
writeFileSync(join(dir, "ca.pem"), ca.cert);
copyFileSync(fileURLToPath(new URL("../fixtures/keycloak/realm-weak.json", import.meta.url)), join(dir, "realm.json"));

const site = https.createServer(
  {
    key: leaf.key,
    cert: leaf.cert,
    minVersion: "TLSv1.2",
    ciphers: "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384",
  },
  (_req, res) => {
    res.setHeader("strict-transport-security", "max-age=63072000; includeSubDomains");
    res.setHeader("content-security-policy", "default-src 'self'");
    res.end("ok");
  },
);
await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
const legacy = await startTlsServer({
  key: leaf.key,
  cert: leaf.cert,
  minVersion: "TLSv1",
  ciphers: "DEFAULT:@SECLEVEL=0",
});
const idp = await startOidcProvider({ accessTokenTtlSeconds: 3600, accessTokenAlg: "PS256" });
const down = await closedPort();
after(async () => {
  site.close();
  await legacy.close();
  await idp.stop();
});

const SECRET_ENV = "ASSAY_TEST_NETID_CLIENT_SECRET";
process.env[SECRET_ENV] = idp.clientSecret;

const cited = {
  network: [
    "tls.legacy_protocols_refused",
    "tls.no_weak_ciphers",
    "tls.cert_trusted",
    "tls.cert_hostname_match",
    "http.hsts",
    "http.csp_present",
  ],
  identity: [
    "oidc.id_token_alg_strong",
    "oidc.pkce_s256",
    "jwt.lifetime_max",
    "jwt.alg_allowlist",
    "idp.mfa_privileged",
    "idp.lockout",
  ],
};
writeFileSync(
  join(dir, "catalog.yaml"),
  `framework: { id: netid, title: Network and identity, version: "1" }
groups:
  - id: g
    title: All
    requirements:
${Object.entries(cited)
  .map(
    ([id, checks]) =>
      `      - { id: r-${id}, label: ${id}, title: ${id}, description: ${id}, severity: high, checks: [${checks.join(", ")}] }`,
  )
  .join("\n")}
`,
);
const port = (site.address() as AddressInfo).port;
writeFileSync(
  join(dir, "assay.yaml"),
  `project: { name: netid }
catalogs: [catalog.yaml]
profile: assay:strict
targets:
  - { id: site, type: endpoint, tags: [tls, web], connection: { url: "https://127.0.0.1:${port}/", servername: localhost, ca: ca.pem } }
  - { id: legacy, type: endpoint, tags: [tls], connection: { url: "https://127.0.0.1:${legacy.port}/", servername: localhost, ca: ca.pem } }
  - { id: down, type: endpoint, tags: [tls], connection: { url: "https://127.0.0.1:${down}/", timeout_ms: 1000 } }
  - id: sso
    type: endpoint
    tags: [oidc, jwt]
    connection:
      url: "${idp.issuer}"
      client_credentials: { client_id: ${idp.clientId}, client_secret: "\${env:${SECRET_ENV}}", resource: "${idp.resource}", scope: "api:read" }
  - { id: keycloak, type: file, tags: [idp], connection: { path: realm.json, format: keycloak } }
evidence: { dir: evidence }
reports: { dir: reports }
run: { timeout_seconds: 20 }
`,
);

test("the shipped checks judge real servers end to end, errors stay errors, and the client secret never appears", async () => {
  const out = await runAudit({ projectFile: join(dir, "assay.yaml"), evidence: false });
  assert.ok(out.ok, out.ok ? "" : JSON.stringify(out.problems));
  const status = (check: string, target: string) =>
    out.result.checkResults.find((c) => c.checkId === check && c.targetId === target)?.status;
  assert.equal(status("tls.legacy_protocols_refused", "site"), "pass");
  assert.equal(status("tls.cert_trusted", "site"), "pass");
  assert.equal(status("http.hsts", "site"), "pass");
  assert.equal(status("http.csp_present", "site"), "pass");
  assert.equal(status("tls.legacy_protocols_refused", "legacy"), "fail");
  assert.equal(status("tls.no_weak_ciphers", "legacy"), "fail", "strict forbids CBC");
  assert.equal(status("tls.cert_trusted", "down"), "error");
  assert.match(out.result.checkResults.find((c) => c.targetId === "down")?.message ?? "", /connection refused/);
  assert.equal(status("oidc.id_token_alg_strong", "sso"), "pass");
  assert.equal(status("oidc.pkce_s256", "sso"), "pass");
  assert.equal(status("jwt.alg_allowlist", "sso"), "pass");
  assert.equal(status("jwt.lifetime_max", "sso"), "fail", "60-minute tokens exceed strict's 15");
  assert.equal(status("idp.mfa_privileged", "keycloak"), "fail");
  assert.equal(status("idp.lockout", "keycloak"), "fail");
  // One probe run per probe × target, however many checks read it.
  const runs = out.result.observations.filter((o) => o.targetId === "site" && o.probeId === "tls_endpoint");
  assert.equal(runs.length, 1);
  assert.ok(!JSON.stringify(out.result).includes(idp.clientSecret), "client secret leaked into the result");
});
