/**
 * Register probes (`breach_register`, `dsr_register`, `restore_tests`) on files in the three
 * formats and on tables of a real PostgreSQL, with live erasure verification and the fault cases:
 * missing table, missing privilege, malformed file, unreachable server.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import breachRegister from "../../src/probes/breach_register/index.js";
import dsrRegister from "../../src/probes/dsr_register/index.js";
import restoreTests from "../../src/probes/restore_tests/index.js";
import type { AnyProbe } from "../../src/probes/define.js";
import { paramsProblems } from "../../src/probes/params.js";
import { assertWellFormed, runOnce } from "../../src/probes/tester.js";
import { fileConnector } from "../../src/targets/file.js";
import { openPg } from "../../src/targets/postgres.js";
import { BREACH_SHEET_COLUMNS, breachSheet } from "../support/registers.js";
import { isoDaysAgo, PEOPLE, sha256, startAppDb } from "./fixtures.js";

const db = await startAppDb();
const nopriv = await db.open("nopriv");
const dir = await mkdtemp(join(tmpdir(), "assay-registers-"));
after(async () => {
  await nopriv.end();
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

type Target = Parameters<AnyProbe["run"]>[0]["target"];
const fileTarget = async (name: string, body: string): Promise<Target> => {
  await writeFile(join(dir, name), body);
  const handle = await fileConnector.open(
    { path: name },
    { baseDir: dir, signal: AbortSignal.timeout(1000), timeoutMs: 1000 },
  );
  return { id: name, type: "file", tags: [], handle };
};
const pgTarget = (handle = db.auditor): Target => ({ id: "app-db", type: "postgres", tags: [], handle });

async function run(probe: AnyProbe, target: Target, params: Record<string, unknown>) {
  assert.deepEqual(paramsProblems(probe, params as never), [], "params satisfy the probe's schema");
  // Through runProbe, as the engine runs it (defaults filled); a throw fails with its reason.
  const out = assertWellFormed(probe, await runOnce(probe, target, params, { timeoutMs: 20_000 })).raw;
  const ids = out.findings
    .map((f) => `${f.aspect}:${f.status}:${f.messageId}${f.subject ? `@${f.subject}` : ""}`)
    .sort();
  return { out, ids };
}

const HOUR = 3_600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

void describe("breach_register", () => {
  const csv = breachSheet([
    `BR-10,${iso(300 * HOUR)},${iso(280 * HOUR)},high,Phishing,Mailbox read,Password reset,,${iso(270 * HOUR)}`,
    `BR-11,${iso(200 * HOUR)},${iso(100 * HOUR)},medium,Backup tape lost,Unknown,Tape recall,,`,
    `BR-12,${iso(200 * HOUR)},${iso(100 * HOUR)},medium,Server seized,Unknown,Legal review,Police asked us to wait,`,
    `BR-13,${iso(10 * HOUR)},,low,Wrong recipient,One customer,,,`,
    `BR-14,${iso(500 * HOUR)},,unlikely,Encrypted USB lost,None (encrypted),Key revoked,,`,
  ]);
  const columns = BREACH_SHEET_COLUMNS;

  void it("CSV with a column mapping: one late notification without reasons fails, reasons excuse a delay, gaps in documentation fail", async () => {
    const { ids } = await run(breachRegister, await fileTarget("breaches.csv", csv), {
      notify_max_hours: 72,
      register: { columns },
    });
    assert.deepEqual(ids, [
      "documentation:fail:undocumented@BR-13",
      "documentation:pass:documented@BR-10",
      "documentation:pass:documented@BR-11",
      "documentation:pass:documented@BR-12",
      "documentation:pass:documented@BR-14",
      "notification:fail:notifiedLate@BR-11",
      "notification:pass:notNotifiable@BR-14",
      "notification:pass:notYetDue@BR-13",
      "notification:pass:notifiedInTime@BR-10",
      "notification:pass:notifiedLateWithReason@BR-12",
      "subjects:pass:subjectsInformed@BR-10",
    ]);
  });

  void it("JSON and YAML registers read the same way; a high-risk breach without communication fails Art. 34", async () => {
    const entry = {
      id: "BR-20",
      aware_at: iso(50 * HOUR),
      notified_at: iso(20 * HOUR),
      risk: "high",
      facts: "f",
      effects: "e",
      remedial_action: "r",
    };
    for (const [name, body] of [
      ["b.json", JSON.stringify({ breaches: [entry] })],
      [
        "b.yaml",
        `- id: BR-20\n  aware_at: ${entry.aware_at}\n  notified_at: ${entry.notified_at}\n  risk: high\n  facts: f\n  effects: e\n  remedial_action: r\n`,
      ],
    ] as const) {
      const { ids } = await run(breachRegister, await fileTarget(name, body), { notify_max_hours: 72 });
      assert.deepEqual(
        ids,
        [
          "documentation:pass:documented@BR-20",
          "notification:pass:notifiedInTime@BR-20",
          "subjects:fail:subjectsNotInformed@BR-20",
        ],
        name,
      );
    }
  });

  void it("a SQL table on PostgreSQL: a 30 h notification passes, a 5-day one without reasons fails", async () => {
    const { ids } = await run(breachRegister, pgTarget(), {
      notify_max_hours: 72,
      register: { table: "gdpr.breaches" },
    });
    assert.ok(ids.includes("notification:pass:notifiedInTime@BR-1"), ids.join());
    assert.ok(ids.includes("notification:fail:notifiedLate@BR-2"), ids.join());
  });

  void it("fault cases give error with the reason: malformed file, missing column, missing table, missing privilege", async () => {
    const cases: [Target, Record<string, unknown>, RegExp][] = [
      [await fileTarget("bad.yaml", "- id: [unclosed\n"), {}, /not valid YAML at line \d+:\d+/],
      [await fileTarget("cols.csv", "a,b\n1,2\n"), {}, /no column "id"/],
      [pgTarget(), { register: { table: "gdpr.nope" } }, /nope.*does not exist|does not exist/],
      [pgTarget(nopriv), { register: { table: "gdpr.breaches" } }, /permission denied|insufficient privilege/],
    ];
    for (const [target, extra, reason] of cases) {
      const { out } = await run(breachRegister, target, { notify_max_hours: 72, ...extra });
      assert.equal(out.findings.length, 3);
      for (const f of out.findings) {
        assert.equal(f.status, "error");
        assert.match(f.data?.["reason"] as string, reason);
      }
    }
  });

  void it("an unreachable server ends the probe with the connection error (the engine reports it as error)", async () => {
    const dead = await openPg(
      { host: "127.0.0.1", port: 1, database: "app", user: "assay_ro", password: "x", ssl: { mode: "disable" } },
      { timeoutMs: 2000, baseDir: dir },
    ).catch((e: unknown) => e);
    if (dead instanceof Error) {
      assert.match(dead.message, /refused/);
      return;
    }
    await assert.rejects(
      run(breachRegister, pgTarget(dead as never), { notify_max_hours: 72, register: { table: "gdpr.breaches" } }),
      /refused/,
    );
  });
});

void describe("dsr_register", () => {
  void it("deadlines: in time, extended with and without a reason, overdue while open; access without data fails", async () => {
    const rows = [
      { id: "R1", type: "access", received_at: isoDaysAgo(60), answered_at: isoDaysAgo(40), data_provided: "yes" },
      { id: "R2", type: "access", received_at: isoDaysAgo(70), answered_at: isoDaysAgo(20), data_provided: "no" },
      {
        id: "R3",
        type: "rectification",
        received_at: isoDaysAgo(100),
        answered_at: isoDaysAgo(30),
        extension_reason: "complex, 300 documents",
      },
      { id: "R4", type: "objection", received_at: isoDaysAgo(45), answered_at: null },
      { id: "R5", type: "erasure", received_at: isoDaysAgo(5), answered_at: null },
    ];
    const { ids } = await run(dsrRegister, await fileTarget("dsr.json", JSON.stringify(rows)), {
      response_max_days: 30,
    });
    assert.deepEqual(ids, [
      "access:fail:accessWithoutData@R2",
      "access:pass:accessWithData@R1",
      "erasure:not_applicable:noErasureRequests",
      "timeliness:fail:extendedNoReason@R2",
      "timeliness:fail:openOverdue@R4",
      "timeliness:pass:answeredInTime@R1",
      "timeliness:pass:extendedInTime@R3",
      "timeliness:pass:openInTime@R5",
    ]);
  });

  void it("erasure verified live on PostgreSQL: a subject still present fails, an erased one passes", async () => {
    const { ids, out } = await run(dsrRegister, pgTarget(), {
      response_max_days: 30,
      register: {
        table: "gdpr.dsr",
        erasure_tables: [
          { table: "crm.customers", key_column: "email", lower_case: true },
          { table: "ops.tickets", key_column: "contact" },
        ],
      },
    });
    assert.ok(ids.includes("erasure:pass:erased@DSR-2"), ids.join());
    assert.ok(ids.includes("erasure:fail:notErased@DSR-3"), ids.join());
    assert.ok(ids.includes("access:pass:accessWithData@DSR-1"));
    const text = JSON.stringify(out);
    assert.ok(
      !text.includes(PEOPLE[1]!.email) && !text.includes(sha256(PEOPLE[1]!.email)),
      "no key or digest in the output",
    );
  });

  void it("an erasure table the auditor may not read is an error for that table; the others are still checked", async () => {
    const { ids } = await run(dsrRegister, pgTarget(), {
      response_max_days: 30,
      register: {
        table: "gdpr.dsr",
        erasure_tables: [
          { table: "ops.metrics", key_column: "label" },
          { table: "crm.customers", key_column: "email" },
        ],
      },
    });
    assert.ok(ids.includes("erasure:error:erasureTableError@ops.metrics"), ids.join());
    assert.ok(ids.includes("erasure:fail:notErased@DSR-3"), ids.join());
  });
});

void describe("restore_tests", () => {
  void it("a 30-day-old success passes a 90-day interval; a system without success and one whose latest test failed fail", async () => {
    const yaml = [
      `- { system: app-db, tested_at: "${isoDaysAgo(30).slice(0, 10)}", result: success }`,
      `- { system: dwh, tested_at: "${isoDaysAgo(20).slice(0, 10)}", result: success }`,
      `- { system: dwh, tested_at: "${isoDaysAgo(3).slice(0, 10)}", result: failed }`,
      `- { system: crm, tested_at: "${isoDaysAgo(200).slice(0, 10)}", result: success }`,
    ].join("\n");
    const { ids } = await run(restoreTests, await fileTarget("restores.yaml", yaml), {
      max_age_days: 90,
      systems: ["app-db", "dwh", "crm", "ledger"],
    });
    assert.deepEqual(ids, [
      "recency:fail:failedSince@dwh",
      "recency:fail:noSuccessfulTest@ledger",
      "recency:fail:staleTest@crm",
      "recency:pass:recentTest@app-db",
    ]);
  });

  void it("reads the register from a PostgreSQL table", async () => {
    const { ids } = await run(restoreTests, pgTarget(), {
      max_age_days: 90,
      register: { table: "gdpr.restore_tests" },
    });
    assert.deepEqual(ids, ["recency:pass:recentTest@app-db"]);
  });
});
