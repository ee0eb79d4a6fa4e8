/**
 * @module `pg_password_storage`: how PostgreSQL stores role passwords — `password_encryption` must be
 * the expected method (scram-sha-256), and no role may still hold an MD5 hash. Only the hash
 * *prefix* is tested inside the server; no hash ever leaves it.
 */
import { Type } from "@sinclair/typebox";
import { objectFailure } from "../../targets/sql/errors.js";
import { statement } from "../../targets/sql/sql.js";
import { defineProbe, type ProbeFinding, verdict } from "../define.js";
import { paramsObject } from "../params.js";
import { hiddenSetting, readSettings } from "../shared/pg-kit.js";

/** Whether each stored hash is MD5 — computed in the server, so no hash ever reaches Assay. */
const md5Roles = statement<{ rolname: string; md5: boolean }>({
  name: "pg_password_storage.md5_roles",
  sql: "SELECT rolname, rolpassword LIKE 'md5%' AS md5 FROM pg_authid WHERE rolpassword IS NOT NULL ORDER BY rolname",
  views: ["pg_authid"],
  columns: ["rolname", "md5"],
});

const ASPECTS = {
  password_encryption: "New passwords are hashed with the expected method",
  md5_hashes: "No role still holds an MD5 password hash",
} as const;

const MESSAGES = {
  encryptionOk: "password_encryption is {{value}}",
  encryptionBad: "password_encryption is {{value}}, expected {{expected}}",
  encryptionHidden: "{{reason}}",
  md5None: "no role holds an MD5 password hash ({{roles}} roles with passwords checked)",
  md5Found: "role {{role}} still holds an MD5 password hash; reset its password under scram-sha-256",
  md5NotVisible: "password hashes are not visible to this role ({{reason}}); MD5 hashes not checked",
} as const;

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;

const params = paramsObject({
  password_encryption: Type.Union([Type.Literal("scram-sha-256"), Type.Literal("md5")]),
});

export default defineProbe({
  meta: {
    id: "pg_password_storage",
    version: "2.0.0",
    title: "PostgreSQL password storage",
    description: "password_encryption equals the profile's method; no MD5 hashes remain in pg_authid.",
    targetTypes: ["postgres"],
    params,
    privileges: [
      "-- none for password_encryption; the MD5 check reads pg_authid (superuser only: it holds the password hashes), so for the auditor it is not_applicable with the reason",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target: { handle: h }, signal }) {
    const findings: F[] = [];
    const value = (await readSettings(h, ["password_encryption"], signal)).get("password_encryption");
    findings.push(
      value === undefined
        ? hiddenSetting("password_encryption", "encryptionHidden", "password_encryption")
        : verdict("password_encryption", value === p.password_encryption, ["encryptionOk", "encryptionBad"], {
            value,
            expected: p.password_encryption,
          }),
    );
    let md5: string[] | null = null;
    try {
      const rows = await h.query(md5Roles, [], signal);
      md5 = rows.filter((r) => r.md5).map((r) => r.rolname);
      if (md5.length === 0)
        findings.push({ aspect: "md5_hashes", status: "pass", messageId: "md5None", data: { roles: rows.length } });
      for (const role of md5)
        findings.push({ aspect: "md5_hashes", status: "fail", messageId: "md5Found", subject: role, data: { role } });
    } catch (err) {
      const reason = objectFailure(err);
      if (reason === undefined) throw err;
      findings.push({ aspect: "md5_hashes", status: "not_applicable", messageId: "md5NotVisible", data: { reason } });
    }
    return { facts: { password_encryption: value ?? null, md5_roles: md5 }, findings };
  },
});
