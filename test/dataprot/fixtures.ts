/**
 * @module A real PostgreSQL for the data-protection probes: database `app` with planted,
 * real-looking personal data (valid phone numbers, Luhn-valid card numbers, mod-97 IBANs, SSNs) in
 * declared and undeclared tables, a masked copy, and the three registers as tables. `PLANTED` lists
 * every planted value so tests can assert that none of them reaches evidence, reports or logs.
 */
import { createHash } from "node:crypto";
import { auditedDb, type AuditedDb } from "../support/auditor.js";
import { startPostgres } from "../support/postgres.js";

export const PASSWORD = "Dataprot-Test-Secret-71c2";
const DAY = 86_400_000;
export const isoDaysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
export const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

/** Real-looking values: each is valid for its kind (libphonenumber, Luhn, mod 97, SSA rules). */
export const PEOPLE = [
  {
    email: "maria.keller@gmx.de",
    phone: "+49 30 901820",
    card: "4539 1488 0343 6467",
    iban: "DE89370400440532013000",
    ssn: "536-22-8726",
  },
  {
    email: "john.smith1984@gmail.com",
    phone: "+1 415-555-2671",
    card: "5425 2334 3010 9903",
    iban: "GB29NWBK60161331926819",
    ssn: "219-09-9999",
  },
  {
    email: "a.dupont@orange.fr",
    phone: "+33 1 42 68 53 00",
    card: "3714 496353 98431",
    iban: "FR1420041010050500013M02606",
    ssn: "078-05-1121",
  },
  {
    email: "li.wei@outlook.com",
    phone: "+44 20 7946 0958",
    card: "6011 0009 9013 9424",
    iban: "NL91ABNA0417164300",
    ssn: "432-41-7734",
  },
];

/** Every planted personal-data value (and the e-mail of the erased-but-still-present subject). */
export const PLANTED: readonly string[] = PEOPLE.flatMap((p) => [
  p.email,
  p.phone,
  p.card,
  p.card.replace(/ /g, ""),
  p.iban,
  p.ssn,
]);

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

function setupSql(): string {
  const rows = PEOPLE.map(
    (p, i) =>
      `(${i + 1}, ${q(p.email)}, ${q(p.phone)}, ${q(p.card)}, ${q(p.iban)}, ${q(p.ssn)}, DATE '198${i}-0${i + 1}-1${i}')`,
  );
  const many = (n: number) =>
    Array.from({ length: n }, (_, k) => rows[k % rows.length]!.replace(/^\((\d+)/, `(${k + 1}`)).join(",\n");
  return `
  SET TimeZone = 'UTC';
  CREATE ROLE assay_ro LOGIN PASSWORD '${PASSWORD}';
  GRANT pg_monitor TO assay_ro;
  CREATE ROLE nopriv LOGIN PASSWORD '${PASSWORD}';
  CREATE SCHEMA crm; CREATE SCHEMA ops; CREATE SCHEMA gdpr; CREATE SCHEMA qa;
  CREATE TABLE crm.customers (id int PRIMARY KEY, email text, phone text, card_number text, iban text, ssn text, birth_date date);
  INSERT INTO crm.customers VALUES ${many(40)};
  -- Personal data in a table nobody declared: support tickets that kept e-mails and phones.
  CREATE TABLE ops.tickets (id int PRIMARY KEY, contact text, callback text, body text);
  INSERT INTO ops.tickets SELECT g, (ARRAY[${PEOPLE.map((p) => q(p.email)).join(",")}])[1 + g % 4], (ARRAY[${PEOPLE.map((p) => q(p.phone)).join(",")}])[1 + g % 4], 'printer broken' FROM generate_series(1, 30) g;
  -- A test copy that is masked properly, and one that keeps BIN + last four.
  CREATE TABLE qa.customers_masked (id int PRIMARY KEY, email text, phone text, card_number text);
  INSERT INTO qa.customers_masked SELECT g, 'user' || g || '@example.com', '+1 000-***-' || lpad(g::text, 4, '0'), '**** **** **** ' || lpad(g::text, 4, '0') FROM generate_series(1, 30) g;
  CREATE TABLE qa.customers_weak (id int PRIMARY KEY, card_number text);
  INSERT INTO qa.customers_weak SELECT g, '453914******' || lpad(g::text, 4, '0') FROM generate_series(1, 30) g;
  CREATE TABLE ops.metrics (day date, total numeric, label text);
  INSERT INTO ops.metrics SELECT DATE '2026-01-01' + g, g * 1.5, 'batch-' || g FROM generate_series(1, 30) g;
  CREATE TABLE gdpr.dsr (id text, type text, received_at timestamptz, answered_at timestamptz, extension_reason text, data_provided boolean, subject_key_sha256 text);
  INSERT INTO gdpr.dsr VALUES
    ('DSR-1', 'access', ${q(isoDaysAgo(40))}, ${q(isoDaysAgo(20))}, NULL, true, NULL),
    ('DSR-2', 'erasure', ${q(isoDaysAgo(30))}, ${q(isoDaysAgo(10))}, NULL, NULL, ${q(sha256("erased.person@web.de"))}),
    ('DSR-3', 'erasure', ${q(isoDaysAgo(30))}, ${q(isoDaysAgo(12))}, NULL, NULL, ${q(sha256(PEOPLE[1]!.email))});
  CREATE TABLE gdpr.breaches (id text, aware_at timestamptz, notified_at timestamptz, risk text, facts text, effects text, remedial_action text, delay_reason text);
  INSERT INTO gdpr.breaches VALUES
    ('BR-1', ${q(isoDaysAgo(20))}, ${q(new Date(Date.now() - 20 * DAY + 30 * 3_600_000).toISOString())}, 'medium', 'Lost laptop', 'Customer list exposed', 'Remote wipe'),
    ('BR-2', ${q(isoDaysAgo(10))}, ${q(isoDaysAgo(5))}, 'medium', 'Misdirected e-mail', '12 customers', 'Recall, training');
  CREATE TABLE gdpr.restore_tests (system text, tested_at date, result text);
  INSERT INTO gdpr.restore_tests VALUES ('app-db', ${q(isoDaysAgo(30).slice(0, 10))}, 'success'), ('app-db', ${q(isoDaysAgo(200).slice(0, 10))}, 'success');
  GRANT USAGE ON SCHEMA crm, ops, gdpr, qa TO assay_ro;
  GRANT SELECT ON ALL TABLES IN SCHEMA crm, ops, gdpr, qa TO assay_ro;
  REVOKE SELECT ON ops.metrics FROM assay_ro;`;
}

export type AppDb = AuditedDb;

export async function startAppDb(): Promise<AppDb> {
  const server = await startPostgres({ conf: { log_statement: "'all'" } });
  try {
    await server.exec("postgres", "CREATE DATABASE app");
    await server.exec("app", setupSql());
  } catch (err) {
    await server.stop();
    throw err;
  }
  return auditedDb(server, "app", PASSWORD);
}
