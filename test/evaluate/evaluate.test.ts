import assert from "node:assert/strict";
import { test } from "node:test";
import { fold, gate, score } from "../../src/evaluate/index.js";
import { checkResult, waiveCheck } from "../../src/evaluate/check.js";
import { requirementResult } from "../../src/evaluate/requirement.js";
import type {
  CheckResult,
  FrameworkResult,
  Observation,
  RequirementResult,
  Severity,
  Status,
} from "../../src/model/index.js";
import { check, req, waiver } from "../support/spec.js";

const cr = (checkId: string, status: CheckResult["underlying"], targetId = "t"): CheckResult => ({
  checkId,
  targetId,
  invocationId: "i",
  status,
  underlying: status,
  message: status,
  findings: [],
});
const rr = (status: Status, severity: Severity = "high"): RequirementResult => ({
  requirementId: `r-${status}-${severity}`,
  frameworkId: "fw",
  label: "L",
  title: "T",
  severity,
  status,
  assessment: status === "unassessed" ? "unassessed" : "automated",
  underlying: status,
  checks: [],
});

test("fold precedence: fail > error > pass > not_applicable; nothing decided is an error", () => {
  const table: [Parameters<typeof fold>[0], string][] = [
    [["pass", "pass"], "pass"],
    [["pass", "fail"], "fail"],
    [["pass", "error"], "error"],
    [["error", "fail"], "fail"],
    [["not_applicable", "pass"], "pass"],
    [["not_applicable"], "not_applicable"],
    [["not_applicable", "error"], "error"],
    [[], "error"],
  ];
  for (const [input, want] of table) assert.equal(fold(input), want, `fold(${input.join(",")})`);
});

test("a check counts only the aspects it selects; a probe error or no finding is an error, never a pass", () => {
  const obs = (findings: Observation["findings"], error?: string): Observation => ({
    invocationId: "i",
    probeId: "p",
    probeVersion: "1",
    targetId: "t",
    params: {},
    startedAt: "",
    endedAt: "",
    facts: {},
    findings,
    ...(error ? { error } : {}),
  });
  const f = (aspect: string, status: "pass" | "fail") => ({
    aspect,
    status,
    messageId: "m",
    message: `${aspect} ${status}`,
  });
  const table: [Observation, string[] | undefined, string][] = [
    [obs([f("a", "pass"), f("b", "fail")]), undefined, "fail"],
    [obs([f("a", "pass"), f("b", "fail")]), ["a"], "pass"],
    [obs([f("a", "pass")]), ["b"], "error"],
    [obs([]), undefined, "error"],
    [obs([f("a", "pass")], "connection refused"), undefined, "error"],
  ];
  for (const [o, aspects, want] of table) {
    const c = check("c", "p", {}, aspects ? { aspects } : {});
    assert.equal(checkResult(c, "t", o).status, want);
  }
  assert.match(
    checkResult(check("c", "p", {}, { aspects: ["b"] }), "t", obs([f("a", "pass")])).message,
    /no finding for aspect b/,
  );
});

test("requirements: manual without checks, not_applicable without targets, waivers keep the underlying status", () => {
  const today = "2026-11-24";
  const legacy = (status: CheckResult["underlying"]) => cr("c", status, "legacy");
  const onTarget = (t: string) => [waiver("c", "2027-01-01", [t])];
  // name, the requirement's checks, their results, waivers, then the expected status and underlying status.
  const table: [string, string[], CheckResult[], ReturnType<typeof waiver>[], Status, Status][] = [
    ["no checks, no attestation", [], [], [], "unassessed", "unassessed"],
    ["no target", ["c"], [], [], "not_applicable", "not_applicable"],
    ["all pass", ["c", "d"], [cr("c", "pass"), cr("d", "pass")], [], "pass", "pass"],
    ["one fail", ["c", "d"], [cr("c", "pass"), cr("d", "fail")], [], "fail", "fail"],
    ["requirement waiver", ["c"], [cr("c", "fail")], [waiver("r", "2026-12-31")], "waived", "fail"],
    ["expired waiver", ["c"], [cr("c", "fail")], [waiver("r", "2026-11-23")], "fail", "fail"],
    ["waiver on its last day", ["c"], [cr("c", "error")], [waiver("r", today)], "waived", "error"],
    [
      "check waiver on one target",
      ["c"],
      [legacy("fail"), cr("c", "pass", "new")],
      onTarget("legacy"),
      "waived",
      "fail",
    ],
    ["check waiver on another target", ["c"], [legacy("fail")], onTarget("other"), "fail", "fail"],
  ];
  for (const [name, checks, given, waivers, status, underlying] of table) {
    // Check-level waivers are overlaid on the check results first, as evaluate() does.
    const results = given.map((c) => waiveCheck(c, waivers, today));
    const r = requirementResult(req("r", checks), results, waivers, today);
    assert.equal(r.status, status, `${name}: status`);
    assert.equal(r.underlying, underlying, `${name}: underlying`);
  }
  const expired = requirementResult(req("r", ["c"]), [cr("c", "fail")], [waiver("r", "2026-01-01")], today);
  assert.equal(expired.expiredWaivers?.[0]?.expires, "2026-01-01");
  assert.equal(expired.waiver, undefined);
});

test("scores are severity-weighted over pass/fail/error only", () => {
  assert.equal(score([rr("pass", "critical"), rr("fail", "low")]), 90.9); // 10 / 11
  assert.equal(score([rr("pass", "low"), rr("error", "critical")]), 9.1); // errors count against
  assert.equal(score([rr("waived"), rr("unassessed"), rr("not_applicable")]), null);
  assert.equal(score([rr("pass", "info")]), null); // info weighs nothing
  assert.equal(score([rr("pass", "medium"), rr("waived", "critical"), rr("fail", "medium")]), 50);
});

test("gate: --fail-under on any framework score, --fail-on on severity of failing or erroring requirements", () => {
  const fw = (score: number | null, reqs: RequirementResult[]): FrameworkResult => ({
    frameworkId: "fw",
    title: "",
    score,
    counts: { pass: 0, fail: 0, error: 0, overdue: 0, not_applicable: 0, unassessed: 0, waived: 0, not_selected: 0 },
    automated: 0,
    manual: 0,
    assessment: { automated: 0, attested: 0, overdue: 0, unassessed: 0 },
    coverage: 0,
    requirements: reqs,
  });
  const table: [FrameworkResult[], Parameters<typeof gate>[1], boolean][] = [
    [[fw(80, [])], {}, true],
    [[fw(80, [])], { failUnder: 80 }, true],
    [[fw(79.9, [])], { failUnder: 80 }, false],
    [[fw(null, [])], { failUnder: 80 }, true],
    [[fw(50, [rr("fail", "medium")])], { failOn: "high" }, true],
    [[fw(50, [rr("error", "high")])], { failOn: "high" }, false],
    [[fw(50, [rr("fail", "critical")])], { failOn: "high" }, false],
    [[fw(50, [rr("waived", "critical")])], { failOn: "info" }, true],
    [[fw(50, [rr("fail", "info")])], { failOn: "info" }, false],
  ];
  for (const [fws, opts, passed] of table) assert.equal(gate(fws, opts).passed, passed, JSON.stringify(opts));
  assert.match(gate([fw(10, [])], { failUnder: 50 }).reasons[0] ?? "", /scored 10, below 50/);
});
