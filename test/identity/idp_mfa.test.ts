import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import idpMfa, { type IdpParams } from "../../src/probes/idp_mfa/index.js";
import { assertWellFormed, runOnce, testProbe } from "../../src/probes/tester.js";
import { fileConnector } from "../../src/targets/file.js";

const fixtures = fileURLToPath(new URL("../fixtures/keycloak/", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "assay-idp-"));
const open = (path: string, baseDir = fixtures, format?: string) =>
  fileConnector.open(
    { path, ...(format ? { format } : {}) },
    { baseDir, signal: AbortSignal.timeout(1000), timeoutMs: 1000 },
  );
const write = (name: string, text: string) => {
  writeFileSync(join(tmp, name), text);
  return open(name, tmp);
};

const compliant = await open("realm-compliant.json", fixtures, "keycloak");
const weak = await open("realm-weak.json");
const csv = await write(
  "users.csv",
  "user_id,email,mfa_enabled,roles,active\nu1,root@acme.example,false,Administrator;billing,true\nu2,ana@acme.example,true,Administrator,true\nu3,ben@acme.example,yes,reader,true\nu4,old@acme.example,no,Administrator,false\n",
);
const json = await write(
  "users.json",
  JSON.stringify({
    users: [
      { uid: "a", login: "ops", factors: ["totp"], groups: ["admins"] },
      { uid: "b", login: "svc-backup", factors: [], groups: [], kind: "service" },
    ],
  }),
);

const baseline = {
  mfa_privileged_min_pct: 100,
  mfa_all_users_min_pct: 100,
  admin_count_min: 2,
  admin_count_max: 4,
  lockout_max_failures: 10,
  session_idle_max_minutes: 30,
  session_max_hours: 12,
  access_token_max_minutes: 60,
  password_min_length: 8,
};

testProbe(idpMfa, {
  invalidParams: [
    { name: "coverage above 100", params: { mfa_all_users_min_pct: 120 } },
    { name: "mapping without an mfa column", params: { mapping: { id: "user_id" } } },
  ],
  cases: [
    {
      name: "the compliant Keycloak realm passes MFA, admin count, lockout, sessions, token lifespan and password policy",
      target: { type: "file", handle: compliant },
      params: baseline,
      expect: {
        mfaPrivilegedOk: "pass",
        mfaAllOk: "pass",
        phishingNotRequired: "not_applicable",
        adminCountOk: "pass",
        lockoutOk: "pass",
        sessionOk: "pass",
        tokenOk: "pass",
        passwordOk: "pass",
        mfaFlowRequired: "pass",
        noPublicClients: "not_applicable",
      },
      exact: true,
    },
    {
      name: "strict settings require phishing-resistant factors for admins: only bob's WebAuthn qualifies",
      target: { type: "file", handle: compliant },
      params: { ...baseline, phishing_resistant_admins: true, access_token_max_minutes: 15 },
      expect: { phishingMissing: "fail", tokenOk: "pass" },
    },
    {
      name: "the weak realm: an admin without OTP, brute-force protection off, long sessions and tokens, short passwords",
      target: { type: "file", handle: weak },
      params: baseline,
      expect: {
        mfaPrivilegedLow: "fail",
        mfaAllLow: "fail",
        phishingNotRequired: "not_applicable",
        adminCountOk: "pass",
        lockoutOff: "fail",
        lockoutLoose: "fail",
        mfaFlowConditional: "fail",
        noPublicClients: "not_applicable",
        sessionLong: "fail",
        tokenLong: "fail",
        passwordShort: "fail",
      },
      exact: true,
    },
    {
      name: "a CSV export with a column mapping finds the administrator without MFA and carries no realm policy",
      target: { type: "file", handle: csv },
      params: {
        mapping: { id: "user_id", username: "email", mfa: "mfa_enabled", roles: "roles", enabled: "active" },
        privileged_roles: ["Administrator"],
        mfa_all_users_min_pct: 50,
      },
      expect: { mfaPrivilegedLow: "fail", mfaAllOk: "pass", noPolicy: "not_applicable" },
    },
    {
      name: "a JSON export with factor lists and a service flag excludes the service account",
      target: { type: "file", handle: json },
      params: {
        mapping: { id: "uid", username: "login", mfa: "factors", roles: "groups", service: "kind" },
        privileged_roles: ["admins"],
      },
      expect: { mfaPrivilegedOk: "pass", mfaAllOk: "pass" },
    },
  ],
});

/** Through `runProbe`, as the engine runs it; a run that ends in an error rejects with the reason. */
const run = async (handle: Awaited<ReturnType<typeof open>>, params: IdpParams = baseline) => {
  const r = await runOnce(idpMfa, { id: "kc", type: "file", handle }, params, { timeoutMs: 5000 });
  if (!r.ok) throw new Error(r.error);
  return assertWellFormed(idpMfa, r);
};

test("non-compliant accounts are listed by username, with roles inherited through groups and composites", async () => {
  const { facts, findings } = await run(weak);
  assert.deepEqual(facts["privilegedWithoutMfa"], ["alice", "carol"]);
  assert.deepEqual(facts["usersWithoutMfa"], ["alice", "carol", "frank"]);
  assert.deepEqual(facts["pendingMfaEnrolment"], ["alice"]);
  assert.deepEqual(facts["privileged"], ["alice", "bob", "carol"]);
  assert.match(
    findings.find((f) => f.messageId === "mfaPrivilegedLow")?.data?.["accounts"] as string,
    /^alice, carol$/,
  );
});

test("the login flow's second-factor step is recorded: required in the compliant realm, conditional in Keycloak's default", async () => {
  const flow = async (h: Awaited<ReturnType<typeof open>>) =>
    ((await run(h)).facts["policy"] as { browserFlowSecondFactor: string }).browserFlowSecondFactor;
  assert.equal(await flow(compliant), "required");
  assert.equal(await flow(weak), "conditional");
});

test("service accounts and disabled users stay out of the MFA denominator and are listed", async () => {
  const { facts } = await run(compliant);
  assert.deepEqual(facts["serviceAccounts"], ["service-account-reporting"]);
  assert.deepEqual(facts["disabled"], ["eve"]);
  assert.equal(facts["interactive"], 4);
});

test("no password hash, salt, OTP seed or WebAuthn key from the export reaches the output", async () => {
  const { facts, findings } = await run(compliant);
  const out = JSON.stringify([facts, findings]);
  assert.doesNotMatch(out, /FIXTURE|secretData|credentialData|salt/i);
  assert.ok(
    readFileSync(join(fixtures, "realm-compliant.json"), "utf8").includes("FIXTUREOTPSEED"),
    "the fixture does hold secrets",
  );
});

test("a truncated export is an error with a clear reason", async () => {
  const text = readFileSync(join(fixtures, "realm-compliant.json"), "utf8");
  const truncated = await write("truncated.json", text.slice(0, 2000));
  await assert.rejects(
    run(truncated, { format: "keycloak" }),
    /Keycloak export .*truncated\.json is not valid JSON \(truncated or not an export\?\)/,
  );
});

test("a CSV export without the mapped column names the column", async () => {
  await assert.rejects(
    run(csv, { mapping: { id: "user_id", mfa: "otp" } }),
    /has no column "otp" \(check params\.mapping\)/,
  );
});

test("a CSV export without a mapping says a mapping is needed", async () => {
  await assert.rejects(run(csv, {}), /needs params\.mapping/);
});
