/**
 * System-level guard: a full `assay run` against a real PostgreSQL and a real OIDC provider, with the
 * database password, client secret and a sample token given by `${env:…}` (the behavioural API probe
 * also forges tokens of its own), then every byte Assay produced — stdout,
 * stderr, evidence and all report formats — is searched for those secrets and for any JWT.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { assayBin, everythingWritten, runEverything } from "../support/cli.js";
import { startOidcProvider, type RunningOidcProvider } from "../support/oidc.js";
import { startPostgres, type RunningPostgres } from "../support/postgres.js";

const PG_PASSWORD = "Pg-Secret-7d1e0c9b44";
let pg: RunningPostgres;
let idp: RunningOidcProvider;

before(async () => {
  [pg, idp] = await Promise.all([startPostgres(), startOidcProvider({ accessTokenTtlSeconds: 600 })]);
  await pg.exec(
    "postgres",
    `CREATE ROLE assay_ro LOGIN PASSWORD '${PG_PASSWORD}'; GRANT pg_monitor, pg_read_all_settings TO assay_ro;`,
  );
});
after(async () => {
  await Promise.all([pg.stop(), idp.stop()]);
});

test("no password, client secret or token appears in any output, evidence or report", async () => {
  const dir = mkdtempSync(join(tmpdir(), "assay-leaks-"));
  writeFileSync(
    join(dir, "assay.yaml"),
    `project: { name: leaks }
targets:
  - id: db
    type: postgres
    tags: [pii, audit-trail]
    connection: { host: 127.0.0.1, port: ${pg.port}, database: postgres, user: assay_ro, password: "\${env:LEAK_PG_PASSWORD}", ssl: { mode: disable } }
  - id: wrong-password
    type: postgres
    connection: { host: 127.0.0.1, port: ${pg.port}, database: postgres, user: assay_ro, password: "\${env:LEAK_WRONG_PASSWORD}", ssl: { mode: disable } }
  - id: idp
    type: endpoint
    tags: [oidc, jwt]
    connection:
      url: ${idp.issuer}
      client_credentials: { client_id: ${idp.clientId}, client_secret: "\${env:LEAK_CLIENT_SECRET}", token_url: ${idp.tokenUrl}, resource: ${idp.resource} }
  - id: api
    type: endpoint
    tags: [api]
    connection:
      url: ${idp.issuer}/me
      issuer: ${idp.issuer}
      tokens: ["\${env:LEAK_EXPIRED_TOKEN}"]
      client_credentials: { client_id: ${idp.clientId}, client_secret: "\${env:LEAK_CLIENT_SECRET}", token_url: ${idp.tokenUrl}, resource: ${idp.resource} }
    attributes:
      api: { protected_path: /me, expected_audience: ${idp.resource} }
evidence: { dir: evidence }
`,
  );
  const env = {
    LEAK_PG_PASSWORD: PG_PASSWORD,
    LEAK_WRONG_PASSWORD: "Wrong-Secret-e3b0c442",
    LEAK_CLIENT_SECRET: idp.clientSecret,
    // An expired token signed by the provider: api_behaviour sends it (and forged ones) to /me.
    LEAK_EXPIRED_TOKEN: await idp.signToken({
      iat: Math.floor(Date.now() / 1000) - 7200,
      exp: Math.floor(Date.now() / 1000) - 3600,
    }),
  };
  const r = await assayBin(runEverything(dir), env);
  assert.equal(r.code, 4, r.out); // the run completes; the wrong-password target could not be audited (exit 4)
  assert.match(r.out, /authentication failed for user assay_ro/); // the wrong password is an error with a reason…
  const outputs = everythingWritten(dir, r.out, "latin1");
  assert.ok(outputs.length > 10, "evidence and reports were written");
  for (const { name, text } of outputs) {
    for (const secret of Object.values(env)) assert.ok(!text.includes(secret), `${name} contains a secret`);
    // …and no token is kept (Assay's own signed manifest is a JWS by design).
    if (!name.endsWith("manifest.jws"))
      assert.doesNotMatch(text, /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\./, `${name} contains a JWT`);
  }
});
