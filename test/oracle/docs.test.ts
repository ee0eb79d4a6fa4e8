/** The Oracle docs name every dictionary view a probe reads, and the grants list covers them. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import * as enc from "../../src/probes/ora_encryption_at_rest/queries.js";
import * as net from "../../src/probes/ora_network_encryption/queries.js";
import * as pw from "../../src/probes/ora_password_profiles/queries.js";
import * as priv from "../../src/probes/ora_privileges/queries.js";
import * as recovery from "../../src/probes/ora_recovery/queries.js";
import * as matrix from "../../src/probes/role_matrix/oracle.js";
import * as audit from "../../src/probes/ora_unified_audit/queries.js";
import * as vpd from "../../src/probes/ora_vpd/queries.js";
import { PROBES } from "../../src/probes/registry.js";

const doc = readFileSync(new URL("../../docs/probes/oracle.md", import.meta.url), "utf8");
type Named = { readonly name: string; readonly views: readonly string[] };
const modules: readonly { readonly STATEMENTS: readonly Named[] }[] = [
  enc,
  net,
  pw,
  priv,
  matrix,
  audit,
  vpd,
  recovery,
];
const statements: readonly Named[] = modules.flatMap((m) => m.STATEMENTS);

test("every dictionary view a statement reads is named in docs/probes/oracle.md", () => {
  const views = new Set(statements.flatMap((s) => s.views));
  for (const v of views) assert.ok(doc.includes(`\`${v}`), `docs/probes/oracle.md does not name ${v}`);
});

test("statement names are unique and prefixed with their probe id", () => {
  const names = statements.map((s) => s.name);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.ok(PROBES.has(n.split(".")[0] ?? ""), `${n} does not start with a probe id`);
});

test("probes declare the views they read among their privileges or description", () => {
  for (const s of statements) {
    const probe = PROBES.get(s.name.split(".")[0] ?? "");
    const text = `${probe?.meta.description ?? ""} ${probe?.meta.privileges.join(" ") ?? ""}`.replace(/V_\$/g, "V$");
    for (const v of s.views.filter((x) => x !== "DUAL"))
      assert.ok(text.includes(v), `${probe?.meta.id}: ${v} not in description or privileges`);
  }
});
