/**
 * @module `breach_register`: the personal-data breach register (GDPR Art. 33(5)) as a file or a
 * table. Each breach that is not recorded as unlikely to result in a risk must have been notified
 * to the supervisory authority within the profile's hours of awareness, or carry the reasons for
 * the delay (Art. 33(1)); high-risk breaches must have been communicated to the data subjects or
 * say why not (Art. 34); every entry records facts, effects and remedial action (Art. 33(5)).
 */
import { errorMessage } from "../../errors.js";
import { Type } from "@sinclair/typebox";
import { everyAspect, type ParamsOf, type ProbeFinding, verdict } from "../define.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { parseWhen, RegisterError, type RegisterRow } from "../shared/register.js";
import type { RegisterFields } from "../shared/register-source.js";
import { defineRegisterProbe, registerParam } from "../shared/register-source.js";

const params = paramsObject({
  notify_max_hours: Frag.positive(),
  register: registerParam(),
  /** Values of the `risk` field meaning "unlikely to result in a risk" (no notification due). */
  no_risk_values: withDefault(Type.Array(Type.String()), ["none", "unlikely"]),
  high_risk_values: withDefault(Type.Array(Type.String()), ["high"]),
});

const FIELDS: RegisterFields = {
  statementName: "breach_register.rows",
  required: ["id", "aware_at", "notified_at", "risk", "facts", "effects", "remedial_action"],
  optional: ["delay_reason", "subjects_informed_at", "subjects_not_informed_reason"],
};

const aspects = {
  notification:
    "Notifiable breaches reached the supervisory authority in time or with reasons for the delay (Art. 33(1))",
  subjects: "Data subjects were informed of high-risk breaches, or the register says why not (Art. 34)",
  documentation: "Every breach records its facts, effects and remedial action (Art. 33(5))",
} as const;

const messages = {
  registerUnreadable: "The breach register cannot be read: {{reason}}",
  noBreaches: "The breach register holds no entry",
  notifiedInTime: "Breach {{id}} was notified {{hours}} h after awareness (at most {{max}} h)",
  notifiedLateWithReason:
    "Breach {{id}} was notified {{hours}} h after awareness, with the reasons for the delay recorded",
  notifiedLate:
    "Breach {{id}} was notified {{hours}} h after awareness (more than {{max}} h) and no reason for the delay is recorded",
  notYetDue: "Breach {{id}} is not yet notified; {{hours}} h of {{max}} h have passed",
  overdue:
    "Breach {{id}} is not notified {{hours}} h after awareness (more than {{max}} h) and no reason for the delay is recorded",
  notNotifiable: "Breach {{id}} is recorded as unlikely to result in a risk; no notification is due",
  subjectsInformed: "Data subjects of high-risk breach {{id}} were informed",
  subjectsNotInformedReason: "Data subjects of high-risk breach {{id}} were not informed; the register records why",
  subjectsNotInformed: "Data subjects of high-risk breach {{id}} were not informed and no reason is recorded",
  noHighRisk: "No breach in the register is recorded as high risk",
  documented: "Breach {{id}} records facts, effects and remedial action",
  undocumented: "Breach {{id}} does not record: {{missing}}",
  entryInvalid: "Breach {{id}}: {{reason}}",
} as const;

type A = keyof typeof aspects;
type F = ProbeFinding<keyof typeof messages, A>;
const HOUR = 3_600_000;
const listed = (missing: readonly string[]) => (missing.length > 0 ? { missing: missing.join(", ") } : {});

function judge(row: RegisterRow, p: ParamsOf<typeof params>, now: Date): F[] {
  const id = row["id"] ?? "(no id)";
  const out: F[] = [];
  const missing = ["facts", "effects", "remedial_action"].filter((f) => row[f] === null);
  out.push(
    verdict("documentation", missing.length === 0, ["documented", "undocumented"], { id, ...listed(missing) }, id),
  );
  const risk = (row["risk"] ?? "").toLowerCase();
  const noRisk = p.no_risk_values.map((v) => v.toLowerCase()).includes(risk);
  const high = p.high_risk_values.map((v) => v.toLowerCase()).includes(risk);
  let aware: Date | null;
  let notified: Date | null;
  try {
    aware = parseWhen(row["aware_at"] ?? null, "aware_at");
    notified = parseWhen(row["notified_at"] ?? null, "notified_at");
    if (!aware) throw new RegisterError("aware_at is empty");
  } catch (err) {
    const reason = errorMessage(err);
    return [
      ...out,
      { aspect: "notification", status: "error", messageId: "entryInvalid", subject: id, data: { id, reason } },
    ];
  }
  const max = p.notify_max_hours;
  const hours = Math.round(((notified ?? now).getTime() - aware.getTime()) / HOUR);
  const reason = row["delay_reason"] !== null && row["delay_reason"] !== undefined;
  const data = { id, hours, max };
  const n = (status: F["status"], messageId: F["messageId"]): F => ({
    aspect: "notification",
    status,
    messageId,
    subject: id,
    data,
  });
  if (noRisk) out.push(n("pass", "notNotifiable"));
  else if (notified)
    out.push(
      hours <= max
        ? n("pass", "notifiedInTime")
        : reason
          ? n("pass", "notifiedLateWithReason")
          : n("fail", "notifiedLate"),
    );
  else
    out.push(
      hours <= max ? n("pass", "notYetDue") : reason ? n("pass", "notifiedLateWithReason") : n("fail", "overdue"),
    );
  if (high) {
    const informed = row["subjects_informed_at"] !== null && row["subjects_informed_at"] !== undefined;
    const why = row["subjects_not_informed_reason"] !== null && row["subjects_not_informed_reason"] !== undefined;
    out.push({
      aspect: "subjects",
      status: informed || why ? "pass" : "fail",
      messageId: informed ? "subjectsInformed" : why ? "subjectsNotInformedReason" : "subjectsNotInformed",
      subject: id,
      data: { id },
    });
  }
  return out;
}

export default defineRegisterProbe({
  meta: {
    id: "breach_register",
    version: "1.0.0",
    title: "Personal-data breach register",
    description:
      "Reads the breach register (CSV, JSON, YAML file or a database table) and checks notification to the supervisory authority within the deadline or with reasons, communication of high-risk breaches to data subjects, and that every entry is documented.",
    params,
    aspects,
    messages,
  },
  fields: FIELDS,
  judge(rows, { params, now }) {
    const at = now();
    const findings = rows.flatMap((r) => judge(r, params, at));
    if (rows.length === 0) findings.push(...everyAspect(aspects, "not_applicable", "noBreaches"));
    else if (!findings.some((f) => f.aspect === "subjects"))
      findings.push({ aspect: "subjects", status: "not_applicable", messageId: "noHighRisk" });
    return {
      facts: {
        entries: rows.length,
        breaches: rows.slice(0, 200).map((r) => ({
          id: r["id"] ?? null,
          risk: r["risk"] ?? null,
          aware_at: r["aware_at"] ?? null,
          notified_at: r["notified_at"] ?? null,
        })),
      },
      findings,
    };
  },
});
