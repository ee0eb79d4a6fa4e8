/**
 * `app_config` on configuration files written from our users' platform documents
 * (../shared/context/): platform A's pydantic settings read from the environment with the
 * `SECURITY_` prefix, platform B's nested YAML security template. The files below are written here,
 * by hand, in each platform's own naming — not derived from the probe's list of names.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import appConfig from "../../src/probes/app_config/index.js";
import { assertWellFormed, casesOn, runOnce, testProbe } from "../../src/probes/tester.js";
import { fileTargets } from "../support/files.js";

const file = fileTargets("app-config-platforms").write;

// Platform A (etl-platform-a-security-architecture.md, "Secure Configuration Management"): a
// pydantic BaseSettings with env_prefix "SECURITY_"; this deployment set a one-day token expiry.
const platformA = await file(
  "platform-a.env",
  [
    "SECURITY_JWT_SECRET=${JWT_SECRET}",
    "SECURITY_JWT_ALGORITHM=RS256",
    "SECURITY_JWT_EXPIRY_MINUTES=1440",
    "SECURITY_ENCRYPTION_KEY=${ENCRYPTION_KEY}",
    "SECURITY_ENCRYPTION_ALGORITHM=AES-256-GCM",
    "SECURITY_DB_SSL_MODE=require",
    "SECURITY_API_RATE_LIMIT=100",
    "SECURITY_API_TIMEOUT_SECONDS=30",
    "SECURITY_AUDIT_ENABLED=true",
    "SECURITY_AUDIT_RETENTION_DAYS=2555",
    "",
  ].join("\n"),
);
// The same platform as its documented defaults intend: 15-minute tokens.
const platformAGood = await file(
  "platform-a-good.env",
  "SECURITY_JWT_ALGORITHM=RS256\nSECURITY_JWT_EXPIRY_MINUTES=15\nSECURITY_AUDIT_RETENTION_DAYS=2555\n",
);

// Platform B (etl-platform-b-security.md, "Configuration Security"): a nested YAML template.
const platformB = await file(
  "platform-b.yaml",
  `security:
  authentication:
    enable_mfa: true
    session_timeout: 3600
    max_failed_attempts: 5
    lockout_duration: 1800
  encryption:
    algorithm: "AES-256-GCM"
    key_rotation_days: 90
    enable_at_rest: true
  audit:
    log_all_operations: true
    retain_logs_days: 365
    tamper_protection: true
  network:
    enable_firewall: true
    rate_limiting: true
`,
);

// Durations written with units in the value, as frameworks accept them (Spring, Go, ISO 8601).
const units = (expiry: string) => file(`units-${expiry}.yaml`, `auth:\n  accessTokenLifetime: "${expiry}"\n`);

const strict = {
  allowed_jwt_algorithms: ["RS256", "ES256"],
  max_jwt_expiry_minutes: 60,
  allowed_encryption_algorithms: ["AES-256-GCM"],
  audit_retention_min_days: 180,
  audit_retention_max_days: 2555,
  require_rate_limit: true,
};

testProbe(appConfig, {
  cases: [
    ...casesOn(
      "file",
      strict,
      [
        [
          "platform A: SECURITY_JWT_EXPIRY_MINUTES=1440 is 1440 minutes, not 24 ('security' is not 'sec')",
          platformA,
          {
            jwtAlgorithmOk: "pass",
            jwtExpiryLong: "fail",
            encryptionOk: "pass",
            retentionOk: "pass",
            rateLimitOk: "pass",
          },
        ],
        [
          "platform A with its documented 15-minute expiry passes",
          platformAGood,
          { jwtAlgorithmOk: "pass", jwtExpiryOk: "pass", retentionOk: "pass" },
          { allowed_jwt_algorithms: ["RS256"], max_jwt_expiry_minutes: 15, audit_retention_min_days: 2555 },
        ],
        [
          "platform B: nested security.audit.retain_logs_days and security.network.rate_limiting are found",
          platformB,
          { encryptionOk: "pass", retentionOk: "pass", rateLimitOk: "pass" },
          {
            allowed_encryption_algorithms: ["AES-256-GCM"],
            audit_retention_min_days: 180,
            audit_retention_max_days: 1095,
            require_rate_limit: true,
          },
        ],
      ],
      { exact: true },
    ),
    ...casesOn(
      "file",
      { max_jwt_expiry_minutes: 15 },
      [
        ["an ISO 8601 duration in the value (PT15M) is 15 minutes", await units("PT15M"), { jwtExpiryOk: "pass" }],
        ["a unit in the value (900s) is seconds", await units("900s"), { jwtExpiryOk: "pass" }],
        [
          "a unit in the value (1h) is an hour, above a 15-minute maximum",
          await units("1h"),
          { jwtExpiryLong: "fail" },
        ],
      ],
      { exact: true },
    ),
  ],
});

test("unit suffixes in values are converted exactly: 15m, 900s, PT15M, 1h, PT1H30M", async () => {
  const got: Record<string, unknown> = {};
  for (const v of ["15m", "900s", "PT15M", "1h", "PT1H30M"]) {
    const out = assertWellFormed(
      appConfig,
      await runOnce(appConfig, { type: "file", handle: await units(v) }, { max_jwt_expiry_minutes: 60 }),
    );
    got[v] = out.facts["jwt_expiry_minutes"];
  }
  assert.deepEqual(got, { "15m": 15, "900s": 15, PT15M: 15, "1h": 60, PT1H30M: 90 });
});

test("a setting that is not found lists the names tried and the file's related keys, and an alias map finds it", async () => {
  const handle = await file("own-names.yaml", "ops:\n  audit:\n    keep_for_days: 400\n");
  const params = { audit_retention_min_days: 365 };
  const miss = assertWellFormed(appConfig, await runOnce(appConfig, { type: "file", handle }, params));
  const message = miss.findings[0]?.message ?? "";
  assert.equal(miss.findings[0]?.messageId, "settingMissing");
  assert.match(message, /no key names audit_retention, audit_log_retention, .*retain_logs/);
  assert.match(message, /map your key with params\.keys\.audit_retention/);

  const mapped = { ...params, keys: { audit_retention: ["ops.audit.keep_for_days"] } };
  const hit = assertWellFormed(appConfig, await runOnce(appConfig, { type: "file", handle }, mapped));
  assert.deepEqual(
    hit.findings.map((f) => [f.messageId, f.subject]),
    [["retentionOk", "ops.audit.keep_for_days"]],
  );
});

test("the missing-setting message names related keys of the file", async () => {
  const handle = await file("near.yaml", "security:\n  audit:\n    retention_policy: long\n");
  const out = assertWellFormed(
    appConfig,
    await runOnce(appConfig, { type: "file", handle }, { audit_retention_min_days: 365 }),
  );
  assert.match(out.findings[0]?.message ?? "", /related keys: security\.audit\.retention_policy/);
});
