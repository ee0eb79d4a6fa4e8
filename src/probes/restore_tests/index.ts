/**
 * @module `restore_tests`: the register of restore tests (a file or a table): the last successful
 * restore test of each system is no older than the profile's interval (ISO A.8.13, A.5.30; GDPR
 * Art. 32(1)(c)–(d)). A failed test after the last success is reported with it. An attestation
 * can stand in for the register at requirement level.
 */
import { errorMessage } from "../../errors.js";
import { Type } from "@sinclair/typebox";
import { type ProbeFinding } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { parseWhen } from "../shared/register.js";
import type { RegisterFields } from "../shared/register-source.js";
import { defineRegisterProbe, registerParam } from "../shared/register-source.js";

const params = paramsObject({
  max_age_days: Frag.count(1),
  register: registerParam(),
  /** Values of `result` meaning success. */
  success_values: withDefault(Type.Array(Type.String()), ["success", "passed", "pass", "ok"]),
  /** Systems that must each have a recent successful test; when absent, every system in the register. */
  systems: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
});

const aspects = { recency: "Each system's last successful restore test is within the interval" } as const;
const messages = {
  registerUnreadable: "The restore-test register cannot be read: {{reason}}",
  recentTest: "{{system}}: last successful restore test {{days}} days ago (at most {{max}})",
  staleTest: "{{system}}: last successful restore test {{days}} days ago, more than {{max}}",
  failedSince:
    "{{system}}: the last successful restore test is {{days}} days old, and a later test on {{failedOn}} failed",
  noSuccessfulTest: "{{system}}: no successful restore test is recorded",
  entryInvalid: "Restore test {{row}}: {{reason}}",
} as const;

type F = ProbeFinding<keyof typeof messages, "recency">;
const DAY = 86_400_000;
const FIELDS: RegisterFields = { statementName: "restore_tests.rows", required: ["system", "tested_at", "result"] };

export default defineRegisterProbe({
  meta: {
    id: "restore_tests",
    version: "1.0.0",
    title: "Restore-test register",
    description:
      "Reads the register of restore tests (file or database table) and checks that each system's last successful restore test is within the interval.",
    params,
    aspects,
    messages,
  },
  fields: FIELDS,
  judge(rows, { params, now }) {
    const ok = new Set(params.success_values.map((v) => v.toLowerCase()));
    const findings: F[] = [];
    const last = new Map<string, { success?: Date; failure?: Date }>();
    rows.forEach((r, i) => {
      const system = r["system"] ?? "(unnamed)";
      try {
        const at = parseWhen(r["tested_at"] ?? null, "tested_at");
        if (!at) throw new Error("tested_at is empty");
        const entry = last.get(system) ?? {};
        const key = ok.has((r["result"] ?? "").toLowerCase()) ? "success" : "failure";
        if (!entry[key] || entry[key] < at) entry[key] = at;
        last.set(system, entry);
      } catch (err) {
        findings.push({
          aspect: "recency",
          status: "error",
          messageId: "entryInvalid",
          subject: system,
          data: { row: i + 1, reason: errorMessage(err) },
        });
      }
    });
    const systems = params.systems ?? [...last.keys()];
    const at = now();
    for (const system of systems) {
      const e = last.get(system);
      if (!e?.success) {
        findings.push({
          aspect: "recency",
          status: "fail",
          messageId: "noSuccessfulTest",
          subject: system,
          data: { system },
        });
        continue;
      }
      const days = Math.floor((at.getTime() - e.success.getTime()) / DAY);
      const data = { system, days, max: params.max_age_days };
      if (days > params.max_age_days)
        findings.push({ aspect: "recency", status: "fail", messageId: "staleTest", subject: system, data });
      else if (e.failure && e.failure > e.success)
        findings.push({
          aspect: "recency",
          status: "fail",
          messageId: "failedSince",
          subject: system,
          data: { ...data, failedOn: e.failure.toISOString().slice(0, 10) },
        });
      else findings.push({ aspect: "recency", status: "pass", messageId: "recentTest", subject: system, data });
    }
    if (systems.length === 0)
      findings.push({
        aspect: "recency",
        status: "fail",
        messageId: "noSuccessfulTest",
        data: { system: "any system" },
      });
    return {
      facts: {
        tests: rows.length,
        systems: Object.fromEntries(
          [...last].map(([s, e]) => [
            s,
            { lastSuccess: e.success?.toISOString() ?? null, lastFailure: e.failure?.toISOString() ?? null },
          ]),
        ),
      },
      findings,
    };
  },
});
