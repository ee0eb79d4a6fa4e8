/**
 * @module `pg_password_storage`: how PostgreSQL stores role passwords — `password_encryption` must be
 * the expected method (scram-sha-256), and no role may still hold an MD5 hash. Only the hash
 * *prefix* is tested inside the server; no hash ever leaves it.
 */
import { objectFailure } from "../../targets/sql/errors.js";
import { hiddenSettingReason, readSettings } from "../shared/pg-kit.js";
import { defineProbe, type ProbeFinding } from "../define.js";
import { statement } from "../../targets/sql/sql.js";

/** Whether each stored hash is MD5 — computed in the server, so no hash ever reaches Assay. */
const md5Roles = statement<{ rolname: string; md5: boolean }>({
  name: "pg_password_storage.md5_roles",
  sql: "SELECT rolname, rolpassword LIKE 'md5%' AS md5 FROM pg_authid WHERE rolpassword IS NOT NULL ORDER BY rolname",
  views: ["pg_authid"],
  columns: ["rolname", "md5"],
});

export interface PgPasswordStorageParams {
  readonly password_encryption: string;
}

const aspects = {
  password_encryption: "New passwords are hashed with the expected method",
  md5_hashes: "No role still holds an MD5 password hash",
} as const;

const messages = {
  encryption_ok: "password_encryption is {{value}}",
  encryption_bad: "password_encryption is {{value}}, expected {{expected}}",
  encryption_hidden: "{{reason}}",
  md5_none: "no role holds an MD5 password hash ({{roles}} roles with passwords checked)",
  md5_found: "role {{role}} still holds an MD5 password hash; reset its password under scram-sha-256",
  md5_not_visible: "password hashes are not visible to this role ({{reason}}); MD5 hashes not checked",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;

export default defineProbe<PgPasswordStorageParams>()({
  meta: {
    id: "pg_password_storage",
    version: "1.0.0",
    title: "PostgreSQL password storage",
    description: "password_encryption equals the profile's method; no MD5 hashes remain in pg_authid.",
    targetTypes: ["postgres"],
    params: {
      type: "object",
      additionalProperties: false,
      required: ["password_encryption"],
      properties: { password_encryption: { enum: ["scram-sha-256", "md5"] } },
    },
    privileges: [
      "-- none for password_encryption; the MD5 check reads pg_authid (superuser only: it holds the password hashes), so for the auditor it is not_applicable with the reason",
    ],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run({ params, target, signal }) {
    const h = target.handle;
    const findings: F[] = [];
    const value = (await readSettings(h, ["password_encryption"], signal)).get("password_encryption");
    if (value === undefined)
      findings.push({
        aspect: "password_encryption",
        status: "error",
        messageId: "encryption_hidden",
        data: { reason: hiddenSettingReason("password_encryption") },
      });
    else {
      const ok = value === params.password_encryption;
      findings.push({
        aspect: "password_encryption",
        status: ok ? "pass" : "fail",
        messageId: ok ? "encryption_ok" : "encryption_bad",
        data: { value, expected: params.password_encryption },
      });
    }
    let md5: string[] | null = null;
    try {
      const rows = await h.query(md5Roles, [], signal);
      md5 = rows.filter((r) => r.md5).map((r) => r.rolname);
      findings.push(
        ...(md5.length === 0
          ? [{ aspect: "md5_hashes", status: "pass", messageId: "md5_none", data: { roles: rows.length } } as const]
          : md5.map(
              (role): F => ({
                aspect: "md5_hashes",
                status: "fail",
                messageId: "md5_found",
                subject: role,
                data: { role },
              }),
            )),
      );
    } catch (err) {
      const reason = objectFailure(err);
      if (reason === undefined) throw err;
      findings.push({ aspect: "md5_hashes", status: "not_applicable", messageId: "md5_not_visible", data: { reason } });
    }
    return { facts: { password_encryption: value ?? null, md5_roles: md5 }, findings };
  },
});
