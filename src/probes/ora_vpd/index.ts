/**
 * @module `ora_vpd`: row-level security (Virtual Private Database) on declared personal-data
 * tables — each has an enabled DBA_POLICIES policy covering the required statement types
 * (SELECT by default). The Oracle counterpart of PostgreSQL row-level security.
 */
import { defineProbe, type ProbeFinding } from "../define.js";
import { bindList, oracleTableName, yes } from "../shared/oracle-names.js";
import * as Q from "./queries.js";

export interface VpdParams {
  readonly personal_data_tables?: readonly string[];
  readonly statement_types?: readonly ("SELECT" | "INSERT" | "UPDATE" | "DELETE")[];
}

const aspects = {
  policies_present: "Each declared personal-data table has an enabled VPD policy for the required statements",
} as const;

const messages = {
  policy_present: "{{table}} is protected by VPD policy {{policies}} for {{statements}}",
  policy_missing: "{{table}} has no enabled VPD policy for {{statements}}",
  policy_disabled: "{{table}} has VPD policy {{policies}}, but it is disabled or does not cover {{statements}}",
  no_personal_data_tables: "No personal-data tables are declared for this target",
} as const;

type F = ProbeFinding<keyof typeof messages, keyof typeof aspects>;
const COLUMN = { SELECT: "SEL", INSERT: "INS", UPDATE: "UPD", DELETE: "DEL" } as const;

export default defineProbe<VpdParams>()({
  meta: {
    id: "ora_vpd",
    version: "1.0.0",
    title: "Oracle VPD (row-level security) on personal-data tables",
    description: "Reads DBA_POLICIES for the declared personal-data tables.",
    targetTypes: ["oracle"],
    params: {
      type: "object",
      additionalProperties: false,
      properties: {
        personal_data_tables: { type: "array", items: { type: "string", minLength: 1 } },
        statement_types: { type: "array", items: { enum: ["SELECT", "INSERT", "UPDATE", "DELETE"] }, minItems: 1 },
      },
    },
    privileges: ["SELECT_CATALOG_ROLE (or SELECT ON DBA_POLICIES)"],
    sideEffects: "none",
    aspects,
    messages,
  },
  async run(ctx) {
    const db = ctx.target.handle;
    const wanted = (ctx.params.personal_data_tables ?? []).map((n) => oracleTableName(n, db.user));
    const types = ctx.params.statement_types ?? ["SELECT"];
    const statements = types.join(", ");
    const findings: F[] = [];
    if (wanted.length === 0) {
      findings.push({ aspect: "policies_present", status: "not_applicable", messageId: "no_personal_data_tables" });
      return { facts: { policies: [] }, findings };
    }
    const rows = await db.readOnly(
      (s) => s.query(Q.policies, { names: bindList(wanted.map((w) => w.key)) }),
      ctx.signal,
    );
    for (const w of wanted) {
      const mine = rows.filter((r) => r.OBJECT_OWNER === w.owner && r.OBJECT_NAME === w.table);
      const good = mine.filter((r) => yes(r.ENABLE) && types.every((t) => yes(r[COLUMN[t]])));
      const data = {
        table: w.key,
        statements,
        policies: (good.length > 0 ? good : mine).map((r) => r.POLICY_NAME).join(", "),
      };
      if (good.length > 0)
        findings.push({
          aspect: "policies_present",
          status: "pass",
          subject: w.key,
          messageId: "policy_present",
          data,
        });
      else if (mine.length > 0)
        findings.push({
          aspect: "policies_present",
          status: "fail",
          subject: w.key,
          messageId: "policy_disabled",
          data,
        });
      else
        findings.push({
          aspect: "policies_present",
          status: "fail",
          subject: w.key,
          messageId: "policy_missing",
          data,
        });
    }
    return {
      facts: {
        policies: rows.map((r) => ({
          table: `${r.OBJECT_OWNER}.${r.OBJECT_NAME}`,
          policy: r.POLICY_NAME,
          enabled: yes(r.ENABLE),
          type: r.POLICY_TYPE,
          select: yes(r.SEL),
          insert: yes(r.INS),
          update: yes(r.UPD),
          delete: yes(r.DEL),
        })),
      },
      findings,
    };
  },
});
