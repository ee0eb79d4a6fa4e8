/**
 * @module The demo's data-protection estate: a non-production copy of the warehouse that kept the
 * customers' real-looking e-mails, phones and card numbers unmasked; the pgBackRest catalog the
 * backup job exports (in `pgbackrest info --output=json` form) whose last backup is 50 hours old;
 * a breach register with one notification made four days after awareness and no reason recorded;
 * a request register and a restore-test register that are in order.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunningPostgres } from "../test/support/postgres.js";
import { BREACH_SHEET_COLUMNS, breachSheet } from "../test/support/registers.js";

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR);
const iso = (hours: number) =>
  ago(hours)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");

/** A Luhn-valid 16-digit Visa-range number built from a seed (no real card). */
function cardNumber(seed: number): string {
  const body = `453201${String(seed * 7919)
    .padStart(9, "0")
    .slice(-9)}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  const digits = `${body}${(10 - (sum % 10)) % 10}`;
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** The QA copy: a database `warehouse_qa` restored from production without masking. */
export async function createQaCopy(server: RunningPostgres): Promise<void> {
  await server.exec("postgres", "CREATE DATABASE warehouse_qa");
  const first = ["anna", "lukas", "marie", "jonas", "sofia", "felix", "emma", "paul"];
  const last = ["schmidt", "meyer", "wagner", "becker", "hoffmann", "koch", "richter", "klein"];
  const rows = Array.from({ length: 200 }, (_, k) => {
    const name = `${first[k % 8]}.${last[(k * 3) % 8]}${k}`;
    const phone = `+49 30 ${String(2_000_000 + k * 4_111).slice(0, 7)}`;
    return `(${k + 1}, '${name}@gmail.com', '${phone}', '${cardNumber(k + 1)}', now() - interval '${k % 300} days')`;
  });
  await server.exec(
    "warehouse_qa",
    `CREATE SCHEMA staging;
     CREATE TABLE staging.customers (id int PRIMARY KEY, email text, phone text, card_number text, created_at timestamptz);
     INSERT INTO staging.customers VALUES ${rows.join(",\n")};
     GRANT USAGE ON SCHEMA staging TO assay_ro; GRANT SELECT ON ALL TABLES IN SCHEMA staging TO assay_ro;
     GRANT SELECT ON pg_hba_file_rules TO assay_ro; GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO assay_ro;`,
  );
}

/** pgBackRest `info --output=json` shape (pgBackRest 2.45), as a nightly job would export it. */
function pgBackRestInfo(): unknown {
  const backup = (label: string, type: string, stopHoursAgo: number, prior: string | null) => ({
    archive: { start: "000000010000000A00000012", stop: "000000010000000A00000012" },
    backrest: { format: 5, version: "2.45" },
    database: { id: 1, "repo-key": 1 },
    error: false,
    info: { delta: 31457280, repository: { delta: 4194304, size: 4194304 }, size: 31457280 },
    label,
    lsn: { start: "A/12000028", stop: "A/12000100" },
    prior,
    reference: prior ? [prior] : null,
    timestamp: {
      start: Math.floor(ago(stopHoursAgo + 0.2).getTime() / 1000),
      stop: Math.floor(ago(stopHoursAgo).getTime() / 1000),
    },
    type,
  });
  return [
    {
      archive: [
        {
          database: { id: 1, "repo-key": 1 },
          id: "15-1",
          max: "000000010000000A00000013",
          min: "000000010000000900000001",
        },
      ],
      backup: [backup("20261115-010002F", "full", 24 * 14 + 2, null), backup("20261128-010003F", "full", 50, null)],
      cipher: "none",
      db: [{ id: 1, "repo-key": 1, "system-id": 7301234567890123, version: "15" }],
      name: "warehouse",
      repo: [{ cipher: "none", key: 1, status: { code: 0, message: "ok" } }],
      status: { code: 0, lock: { backup: { held: false } }, message: "ok" },
    },
  ];
}

/** Write the catalog and registers under `dir`; returns the project targets that point at them. */
export async function writeDataProtectionFiles(dir: string): Promise<object[]> {
  await mkdir(join(dir, "registers"), { recursive: true });
  await writeFile(join(dir, "registers", "pgbackrest-info.json"), JSON.stringify(pgBackRestInfo(), null, 2));
  await writeFile(
    join(dir, "registers", "breaches.csv"),
    breachSheet([
      `BR-2026-03,${iso(24 * 60)},${iso(24 * 60 - 30)},medium,Misdirected export e-mail,340 customers' addresses,Recall and DLP rule,,`,
      `BR-2026-07,${iso(24 * 20)},${iso(24 * 20 - 96)},medium,Staging bucket left public,CSV of 1200 customers,Bucket closed; access logs reviewed,,`,
    ]),
  );
  await writeFile(
    join(dir, "registers", "dsr.csv"),
    [
      "id,type,received_at,answered_at,data_provided",
      `DSR-101,access,${iso(24 * 50)},${iso(24 * 30)},yes`,
      `DSR-102,rectification,${iso(24 * 12)},${iso(24 * 10)},`,
    ].join("\n") + "\n",
  );
  await writeFile(
    join(dir, "registers", "restore-tests.csv"),
    ["system,tested_at,result", `warehouse,${iso(24 * 20).slice(0, 10)},success`].join("\n") + "\n",
  );
  return [
    {
      id: "backup-catalog",
      type: "file",
      tags: ["backup-catalog"],
      connection: { path: "registers/pgbackrest-info.json" },
    },
    {
      id: "breach-register",
      type: "file",
      tags: ["breach-register"],
      connection: { path: "registers/breaches.csv" },
      attributes: {
        breach_register: {
          columns: BREACH_SHEET_COLUMNS,
        },
      },
    },
    {
      id: "dsr-register",
      type: "file",
      tags: ["dsr-register"],
      connection: { path: "registers/dsr.csv" },
      attributes: { dsr_register: {} },
    },
    {
      id: "restore-tests",
      type: "file",
      tags: ["restore-tests"],
      connection: { path: "registers/restore-tests.csv" },
      attributes: { restore_test_register: {} },
    },
  ];
}
