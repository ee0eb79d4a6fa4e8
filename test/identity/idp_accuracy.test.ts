/**
 * `idp_mfa` on Keycloak realm exports varied in the documented export attributes
 * (`bruteForceProtected`, `failureFactor`, `permanentLockout`, `waitIncrementSeconds`,
 * `clients[].attributes["access.token.lifespan"]`, `["pkce.code.challenge.method"]`, the browser
 * flow's requirements): what a user's realm export holds, judged per aspect.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import idpMfa from "../../src/probes/idp_mfa/index.js";
import { assertWellFormed, casesOn, runOnce, testProbe } from "../../src/probes/tester.js";
import { fileConnector } from "../../src/targets/file.js";

const fixtures = fileURLToPath(new URL("../fixtures/keycloak/", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "assay-idp-accuracy-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
type Realm = Record<string, unknown> & { clients: Record<string, unknown>[] };
const realm = (name: "realm-weak.json" | "realm-compliant.json"): Realm =>
  JSON.parse(readFileSync(join(fixtures, name), "utf8")) as Realm;
const save = (name: string, r: Realm) => {
  writeFileSync(join(tmp, name), JSON.stringify(r));
  return fileConnector.open({ path: name }, { baseDir: tmp, signal: AbortSignal.timeout(1000), timeoutMs: 1000 });
};

// Brute-force protection off, and a loose lockout waiting to be switched on: 30 failures, 1 minute.
const lockoutOff = await save("lockout-off.json", realm("realm-weak.json"));
// Protection on, 5 failures, but a one-minute temporary lockout; and the same realm locking permanently.
const shortLockout = await save("short-lockout.json", { ...realm("realm-compliant.json"), waitIncrementSeconds: 60 });
const permanent = await save("permanent.json", { ...realm("realm-compliant.json"), permanentLockout: true });

// A realm with 5-minute tokens, but two clients overriding the lifespan (one day, ten minutes).
const overrides = realm("realm-compliant.json");
overrides.clients = [
  ...overrides.clients,
  { clientId: "batch-export", publicClient: false, attributes: { "access.token.lifespan": "86400" } },
  { clientId: "admin-ui", publicClient: false, attributes: { "access.token.lifespan": "600" } },
  { clientId: "inherits", publicClient: false, attributes: { "access.token.lifespan": "" } },
];
const clientTokens = await save("client-tokens.json", overrides);

// Public clients of the code flow: one with S256, one with plain, one with no PKCE at all.
const spa = realm("realm-compliant.json");
spa.clients = [
  ...spa.clients,
  { clientId: "web-spa", publicClient: true, attributes: { "pkce.code.challenge.method": "S256" } },
  { clientId: "legacy-spa", publicClient: true, attributes: { "pkce.code.challenge.method": "plain" } },
  { clientId: "cli", publicClient: true, standardFlowEnabled: true, attributes: {} },
  { clientId: "device", publicClient: true, standardFlowEnabled: false },
];
const pkceRealm = await save("pkce.json", spa);

const base = { lockout_max_failures: 10, access_token_max_minutes: 15 };

const slow = { ...base, lockout_min_minutes: 30 };
testProbe(idpMfa, {
  cases: casesOn("file", base, [
    [
      "brute-force protection off: the switch and the loose threshold (30 failures) are both findings",
      lockoutOff,
      { lockoutOff: "fail", lockoutLoose: "fail" },
    ],
    [
      "a one-minute temporary lockout is shorter than a 30-minute minimum (PCI DSS 8.3.4)",
      shortLockout,
      { lockoutOk: "pass", lockoutShort: "fail" },
      slow,
    ],
    ["a permanent lockout meets any minimum duration", permanent, { lockoutOk: "pass" }, slow],
    [
      "a client overriding the access-token lifespan to a day fails, one at ten minutes passes",
      clientTokens,
      { tokenOk: "pass", clientTokenLong: "fail", clientTokenOk: "pass" },
    ],
    [
      "public code-flow clients: S256 passes, plain and missing PKCE fail, a client without the code flow is left out",
      pkceRealm,
      { pkceOk: "pass", pkcePlain: "fail", pkceMissing: "fail" },
    ],
    ["an OTP step that is CONDITIONAL does not enforce MFA for all users", lockoutOff, { mfaFlowConditional: "fail" }],
    [
      "an OTP step that is REQUIRED enforces MFA; a realm without public clients has no PKCE to judge",
      permanent,
      { mfaFlowRequired: "pass", noPublicClients: "not_applicable" },
    ],
  ]),
});

const run = async (handle: Awaited<ReturnType<typeof save>>, params: Record<string, unknown> = base) =>
  assertWellFormed(idpMfa, await runOnce(idpMfa, { id: "kc", type: "file", handle }, params));

test("the lockout message says the threshold is not in force while protection is off", async () => {
  const out = await run(lockoutOff);
  const loose = out.findings.find((f) => f.messageId === "lockoutLoose");
  assert.equal(loose?.message, "Lockout after 30 failures, more than 10 (not in force: brute-force protection is off)");
});

test("each overriding client is named, with its lifespan; a client with an empty override inherits the realm's", async () => {
  const out = await run(clientTokens);
  assert.deepEqual(
    out.findings.filter((f) => f.aspect === "token_lifespan").map((f) => [f.subject ?? "(realm)", f.status, f.message]),
    [
      ["(realm)", "pass", "Access tokens live 5 min"],
      ["batch-export", "fail", "Client batch-export overrides the access-token lifespan to 1440 min, more than 15"],
      ["admin-ui", "pass", "Client admin-ui sets its own access-token lifespan: 10 min"],
    ],
  );
});

test("PKCE findings name each public code-flow client", async () => {
  const out = await run(pkceRealm);
  assert.deepEqual(
    out.findings.filter((f) => f.aspect === "client_pkce").map((f) => `${f.subject}:${f.status}`),
    ["web-spa:pass", "legacy-spa:fail", "cli:fail"],
  );
});
