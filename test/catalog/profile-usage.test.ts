/**
 * Every threshold in the shipped profiles is used by some shipped check. Keys that no check binds
 * yet are listed by name with the issue that will bind them; the test also fails when a listed key
 * becomes used, so the list only shrinks.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { parse } from "yaml";

const root = fileURLToPath(new URL("../../", import.meta.url));
const NOT_YET_BOUND: Readonly<Record<string, string>> = {
  "jwt.max_clock_skew_seconds": "identity probes",
  "oidc.auth_code_max_lifetime_seconds": "identity probes",
  "idp.dormant_max_days": "identity probes",
  "password.max_age_days": "identity probes",
  "password.allowed_hash_algorithms": "application-security probes (issue 17)",
  "password.bcrypt_min_cost": "application-security probes (issue 17)",
  "password.pbkdf2_sha256_min_iterations": "application-security probes (issue 17)",
  "audit.log_searchable_min_days": "audit-log probes",
  "secrets.rotation_max_days": "application-security probes (issue 17)",
  "vuln.pentest_max_age_days": "scanner evidence (issue 17)",
};

test("every profile value is used by a check, apart from the named keys still to be bound", () => {
  const checks = readdirSync(join(root, "controls/checks"))
    .map((f) => readFileSync(join(root, "controls/checks", f), "utf8"))
    .join("\n");
  const used = new Set([...checks.matchAll(/\$\{profile:([\w.]+)\}/g)].map((m) => m[1]));
  const keys = new Set<string>();
  for (const f of readdirSync(join(root, "controls/profiles"))) {
    const doc = parse(readFileSync(join(root, "controls/profiles", f), "utf8")) as { values: Record<string, unknown> };
    for (const k of Object.keys(doc.values)) keys.add(k);
  }
  const unused = [...keys].filter((k) => !used.has(k) && !(k in NOT_YET_BOUND)).sort();
  assert.deepEqual(unused, [], `profile values no check uses: ${unused.join(", ")}`);
  const nowUsed = Object.keys(NOT_YET_BOUND).filter((k) => used.has(k));
  assert.deepEqual(nowUsed, [], `now bound; remove from NOT_YET_BOUND: ${nowUsed.join(", ")}`);
  for (const k of Object.keys(NOT_YET_BOUND)) assert.ok(keys.has(k), `${k} is not a profile value any more`);
});
