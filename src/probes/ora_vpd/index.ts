/**
 * @module `ora_vpd`: row-level security (Virtual Private Database) on declared personal-data
 * tables — each has an enabled DBA_POLICIES policy covering the required statement types
 * (SELECT by default). The Oracle counterpart of PostgreSQL row-level security.
 */
import { Type } from "@sinclair/typebox";
import { defineProbe, type ProbeFinding } from "../define.js";
import { bindList, oracleTableName, yes } from "../shared/oracle-names.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { ASPECTS, MESSAGES } from "./messages.js";
import * as Q from "./queries.js";

const params = paramsObject({
  personal_data_tables: withDefault(Frag.list(), []),
  statement_types: withDefault(
    Type.Array(
      Type.Union([Type.Literal("SELECT"), Type.Literal("INSERT"), Type.Literal("UPDATE"), Type.Literal("DELETE")]),
      {
        minItems: 1,
      },
    ),
    ["SELECT"],
  ),
});

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;
const COLUMN = { SELECT: "SEL", INSERT: "INS", UPDATE: "UPD", DELETE: "DEL" } as const;

export default defineProbe({
  meta: {
    id: "ora_vpd",
    version: "1.0.0",
    title: "Oracle VPD (row-level security) on personal-data tables",
    description: "Reads DBA_POLICIES for the declared personal-data tables.",
    targetTypes: ["oracle"],
    params,
    privileges: ["SELECT_CATALOG_ROLE (or SELECT ON DBA_POLICIES)"],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target: { handle: db }, signal }) {
    const wanted = p.personal_data_tables.map((n) => oracleTableName(n, db.user));
    const types = p.statement_types;
    const statements = types.join(", ");
    const findings: F[] = [];
    if (wanted.length === 0) {
      findings.push({ aspect: "policies_present", status: "not_applicable", messageId: "noPersonalDataTables" });
      return { facts: { policies: [] }, findings };
    }
    const rows = await db.readOnly((s) => s.query(Q.policies, { names: bindList(wanted.map((w) => w.key)) }), signal);
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
          messageId: "policyPresent",
          data,
        });
      else if (mine.length > 0)
        findings.push({
          aspect: "policies_present",
          status: "fail",
          subject: w.key,
          messageId: "policyDisabled",
          data,
        });
      else
        findings.push({
          aspect: "policies_present",
          status: "fail",
          subject: w.key,
          messageId: "policyMissing",
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
