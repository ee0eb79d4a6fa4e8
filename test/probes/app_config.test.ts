import { test } from "node:test";
import assert from "node:assert/strict";
import appConfig from "../../src/probes/app_config/index.js";
import { assertWellFormed, casesOn, runOnce, testProbe } from "../../src/probes/tester.js";
import { fileTargets } from "../support/files.js";

const file = fileTargets("app-config").write;

const good = await file(
  "good.yaml",
  "jwt:\n  algorithm: ES256\n  expiry_minutes: 15\nencryption_algorithm: aes-256-gcm\naudit_retention_days: 365\napi_rate_limit: 100\njwt_secret: ${JWT_SECRET}\nsigning_key: 'q9#Lr2!vX8@tZ5$wN1^bK7&mP3*sD6(hF0'\n",
);
const bad = await file(
  "bad.env",
  "JWT_ALGORITHM=none\nJWT_EXPIRY=24h\nENCRYPTION_ALGORITHM=DES\nAUDIT_RETENTION_DAYS=2000\nAPI_RATE_LIMIT=0\nJWT_SECRET=changeme\nAPI_KEY=abc123xyz\n",
);
const json = await file(
  "app.json",
  JSON.stringify({ security: { jwt_algorithm: "RS256", access_token_ttl: 3600 }, audit: { retention_days: "30d" } }),
);
const empty = await file("empty.yaml", "service: x\n");

const all = {
  allowed_jwt_algorithms: ["RS256", "ES256"],
  max_jwt_expiry_minutes: 60,
  allowed_encryption_algorithms: ["AES-256-GCM"],
  audit_retention_min_days: 180,
  audit_retention_max_days: 1095,
  require_rate_limit: true,
  secret_min_length: 32,
};

testProbe(appConfig, {
  invalidParams: [
    { name: "unknown key", params: { max_jwt_expiry: 5 } },
    { name: "negative expiry", params: { max_jwt_expiry_minutes: -1 } },
    { name: "empty allowlist", params: { allowed_jwt_algorithms: [] } },
  ],
  cases: casesOn(
    "file",
    all,
    [
      [
        "a compliant YAML config passes every aspect",
        good,
        {
          jwtAlgorithmOk: "pass",
          jwtExpiryOk: "pass",
          encryptionOk: "pass",
          retentionOk: "pass",
          rateLimitOk: "pass",
          secretReference: "pass",
          secretOk: "pass",
        },
      ],
      [
        "a non-compliant .env fails every aspect",
        bad,
        {
          jwtAlgorithmBad: "fail",
          jwtExpiryLong: "fail",
          encryptionBad: "fail",
          retentionLong: "fail",
          rateLimitOff: "fail",
          secretWeak: "fail",
          secretShort: "fail",
        },
      ],
      [
        "nested JSON keys, OAuth-style seconds and unit suffixes are understood",
        json,
        { jwtAlgorithmOk: "pass", jwtExpiryOk: "pass", retentionShort: "fail" },
        { allowed_jwt_algorithms: ["RS256"], max_jwt_expiry_minutes: 60, audit_retention_min_days: 180 },
      ],
      [
        "missing settings fail instead of passing silently",
        empty,
        { settingMissing: "fail", noSecrets: "not_applicable" },
        { allowed_jwt_algorithms: ["RS256"], require_rate_limit: true, secret_min_length: 32 },
      ],
    ],
    { exact: true },
  ),
});

test("a secret's value never enters facts or messages", async () => {
  const out = assertWellFormed(appConfig, await runOnce(appConfig, { type: "file", handle: bad }, all));
  const text = JSON.stringify([out.facts, out.findings]);
  assert.doesNotMatch(text, /changeme|abc123xyz/);
  assert.match(text, /"length":9/);
});
