/**
 * `audit_chain` on chains written by PL/pgSQL triggers in a real PostgreSQL, each hash computed by
 * the server's own `sha256()`/`sha512()` (hex and base64 through `encode()`, or `bytea` over the raw
 * previous hash), timestamps rendered by the server (`to_char(… 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
 * `timestamptz::text`, `extract(epoch …)`). Three recipes, each intact, with one modified row, with one
 * deleted row, and with a row modified right after a deleted one.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import probe from "../../src/probes/audit_chain/index.js";
import { runOnce } from "../../src/probes/tester.js";
import { openPg } from "../../src/targets/postgres.js";
import { expectFindings, type Tampering } from "../support/audit-chain.js";
import { startPostgres } from "../support/postgres.js";

const server = await startPostgres();
const handle = await openPg(
  {
    host: server.host,
    port: server.port,
    database: "postgres",
    user: server.superuser.user,
    password: server.superuser.password,
  },
  { timeoutMs: 20_000, baseDir: process.cwd() },
);
after(async () => {
  await handle.end();
  await server.stop();
});

/** Each trigger reads the last stored hash (NULL for the first row) and hashes its own rendering of the row. */
const TRIGGERS = {
  // Fields then the previous hash, joined by '|'; ISO 8601 UTC with microseconds; SHA-256 as hex.
  iso_sha256_hex: `
    NEW.row_hash := encode(sha256(convert_to(
      NEW.id::text || '|' || to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' ||
      NEW.actor || '|' || NEW.action || '|' || coalesce(NEW.amount::text, '') || '|' ||
      coalesce(NEW.approved::text, '') || '|' || coalesce(NEW.note, '') || '|' || coalesce(prev, ''),
      'UTF8')), 'hex');`,
  // The previous hash ('GENESIS' first) then the fields, joined by ','; PostgreSQL's timestamptz text;
  // trimmed numerics, 1/0 booleans, NULL as 'NULL'; SHA-512 as base64 (encode wraps it at 76 characters).
  pgtext_sha512_base64: `
    NEW.row_hash := encode(sha512(convert_to(
      coalesce(prev, 'GENESIS') || ',' || NEW.id::text || ',' || NEW.at::text || ',' || NEW.actor || ',' ||
      NEW.action || ',' || coalesce(trim_scale(NEW.amount)::text, 'NULL') || ',' ||
      coalesce(NEW.approved::int::text, 'NULL') || ',' || coalesce(NEW.note, 'NULL'),
      'UTF8')), 'base64');`,
  // bytea hashes: SHA-256 over the previous hash's raw bytes directly followed by tab-joined fields;
  // epoch seconds, NULL as '-'.
  epoch_sha256_bytea: `
    NEW.row_hash := sha256(coalesce(prev, ''::bytea) || convert_to(
      NEW.id::text || E'\\t' || floor(extract(epoch FROM NEW.at))::bigint::text || E'\\t' || NEW.actor || E'\\t' ||
      NEW.action || E'\\t' || coalesce(NEW.amount::text, '-') || E'\\t' || coalesce(NEW.approved::text, '-') ||
      E'\\t' || coalesce(NEW.note, '-'),
      'UTF8'));`,
} as const;
/** The column type of the stored hashes. */
const hashType = (style: Style) => (style.endsWith("_bytea") ? "bytea" : "text");
type Style = keyof typeof TRIGGERS;

const as = (column: string, kind: "timestamp" | "number" | "boolean") => ({ column, as: kind });
const COLUMNS = [
  "id",
  as("at", "timestamp"),
  "actor",
  "action",
  as("amount", "number"),
  as("approved", "boolean"),
  "note",
];

/** What the program that wrote each table declared, in the probe's terms. */
const RECIPES: Readonly<Record<Style, object>> = {
  iso_sha256_hex: { separator: "|", previous: "suffix", timestamps: "iso", fraction_digits: 6 },
  pgtext_sha512_base64: {
    separator: ",",
    previous: "prefix",
    genesis: "GENESIS",
    timestamps: "postgres",
    numbers: "trim",
    booleans: { true: "1", false: "0" },
    null: "NULL",
    algorithm: "sha512",
    encoding: "base64",
  },
  epoch_sha256_bytea: {
    separator: "\t",
    previous: "prefix",
    previous_joined: false,
    previous_form: "raw",
    timestamps: "epoch_seconds",
    null: "-",
    encoding: "bytea",
  },
};

/** Tampering done by a superuser after the fact, without re-hashing. */
const TAMPER: Readonly<Record<Tampering, string>> = {
  intact: "",
  modified: "UPDATE %t SET action = 'nothing happened' WHERE id = 7;",
  deleted: "DELETE FROM %t WHERE id = 5;",
  modified_after_deleted: "DELETE FROM %t WHERE id = 5; UPDATE %t SET amount = 0.01 WHERE id = 6;",
};

async function trail(style: Style, tamper: Tampering): Promise<string> {
  const table = `audit.${style}_${tamper}`;
  await server.exec(
    "postgres",
    `CREATE SCHEMA IF NOT EXISTS audit;
    CREATE TABLE ${table} (id bigint PRIMARY KEY, at timestamptz NOT NULL, actor text NOT NULL, action text NOT NULL,
      amount numeric(12,2), approved boolean, note text, prev_hash ${hashType(style)}, row_hash ${hashType(style)} NOT NULL);
    CREATE FUNCTION ${table}_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE prev ${hashType(style)};
    BEGIN
      SELECT row_hash INTO prev FROM ${table} ORDER BY id DESC LIMIT 1;
      NEW.prev_hash := prev;
      ${TRIGGERS[style]}
      RETURN NEW;
    END $$;
    CREATE TRIGGER chain BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_chain();
    SET TimeZone = 'UTC';
    DO $$ BEGIN
      FOR i IN 1..12 LOOP
        INSERT INTO ${table} (id, at, actor, action, amount, approved, note) VALUES (
          i,
          timestamptz '2026-03-01 09:00:00+00' + CASE WHEN i = 4 THEN interval '4 min' ELSE i * interval '61.000123 s' END,
          CASE WHEN i % 3 = 0 THEN 'jürgen' ELSE 'anna' END,
          CASE WHEN i % 4 = 0 THEN 'export "customers"' ELSE 'read' END,
          CASE WHEN i % 5 = 0 THEN NULL ELSE i * 12.5 END,
          CASE WHEN i = 8 THEN NULL ELSE i % 2 = 0 END,
          CASE WHEN i = 2 THEN E'tab\\there, newline\\nand back\\\\slash' WHEN i = 9 THEN 'naïve café' END);
      END LOOP;
    END $$;
    ${TAMPER[tamper].replaceAll("%t", table)}`,
  );
  return table;
}

async function verify(table: string, style: Style, extra: object = {}) {
  const chain = {
    table,
    sequence_column: "id",
    hash_column: "row_hash",
    prev_hash_column: "prev_hash",
    columns: COLUMNS,
    recipe: RECIPES[style],
    ...extra,
  };
  const run = await runOnce(probe, { type: "postgres", handle }, { chain });
  assert.ok(run.ok, run.ok ? "" : run.error);
  return run.findings.map((f) => `${f.messageId} ${f.status}: ${f.message}`);
}

for (const style of Object.keys(TRIGGERS) as Style[]) {
  void describe(`audit_chain on a chain written by a PL/pgSQL trigger (${style})`, () => {
    for (const tamper of Object.keys(TAMPER) as Tampering[]) {
      void it(`${tamper}: ${tamper === "intact" ? "passes" : "names what was done"}`, async () => {
        expectFindings[tamper](await verify(await trail(style, tamper), style));
      });
    }
  });
}

void describe("audit_chain recipe escape hatch and declared limits (trigger-written chains)", () => {
  it("payload_sql: a SQL expression that yields each row's exact payload verifies the same chain", async () => {
    const payload = `id::text || '|' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || actor || '|' || action || '|' || coalesce(amount::text, '') || '|' || coalesce(approved::text, '') || '|' || coalesce(note, '') || '|' || coalesce(prev_hash, '')`;
    const recipe = { payload_sql: payload };
    const lines = await verify("audit.iso_sha256_hex_intact", "iso_sha256_hex", { recipe });
    assert.match(lines[0] ?? "", /^chainOk pass: 12 records/);
    assert.deepEqual(await verify("audit.iso_sha256_hex_modified_after_deleted", "iso_sha256_hex", { recipe }), [
      "recordsModified fail: 1 record modified: the stored hash does not match the record's content and its stored previous hash; sequence 6",
      "recordsDeleted fail: 1 record deleted: sequence 5 missing",
    ]);
  });

  it("without the previous-hash column, the record after a gap is reported as not checked", async () => {
    const run = await runOnce(
      probe,
      { type: "postgres", handle },
      {
        chain: {
          table: "audit.iso_sha256_hex_modified_after_deleted",
          sequence_column: "id",
          hash_column: "row_hash",
          columns: COLUMNS,
          recipe: RECIPES.iso_sha256_hex,
        },
      },
    );
    assert.ok(run.ok);
    assert.deepEqual(
      run.findings.map((f) => f.message),
      [
        "1 record deleted: sequence 5 missing",
        "1 record not checked: sequence 6 follows a gap and the chain stores no previous hash (declare prev_hash_column)",
      ],
    );
  });

  it("a recipe that does not match the writer's (wrong timestamp rendering) reports every record modified", async () => {
    const lines = await verify("audit.iso_sha256_hex_intact", "iso_sha256_hex", {
      recipe: { ...RECIPES.iso_sha256_hex, fraction_digits: 3 },
    });
    assert.deepEqual(lines, [
      "recordsModified fail: 12 records modified: the stored hash does not match the record's content and its stored previous hash; sequence 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more",
    ]);
  });
});
