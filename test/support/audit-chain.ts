/**
 * @module Write a hash-chained audit table (`seq, ts, actor, action, hash`) for tests, benches and the
 * demo, computing `h_i = SHA-256(h_{i-1} ‖ canonicalText([seq, ts, actor, action]))` exactly as the
 * `audit_chain` probe recomputes it, and loading the rows with `COPY … FROM STDIN`.
 */
import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { canonicalText } from "../../src/probes/shared/canonical.js";

export const CHAIN_COLUMNS = ["seq", "ts", "actor", "action"] as const;

/** `2026-01-01 00:00:00+00`: how PostgreSQL prints a whole-second timestamptz in UTC. */
export function pgTimestamp(d: Date): string {
  return d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "+00");
}

/** Rows of a valid chain, generated lazily (constant memory), as COPY text lines. */
export function* chainLines(count: number, start = new Date(Date.UTC(2026, 0, 1))): Generator<string> {
  let prev = Buffer.alloc(32);
  for (let seq = 1; seq <= count; seq++) {
    const record = [
      String(seq),
      pgTimestamp(new Date(start.getTime() + seq * 1000)),
      `user${seq % 97}`,
      seq % 5 === 0 ? "delete customer" : "update customer",
    ];
    const canonical = canonicalText(record);
    prev = createHash("sha256").update(prev).update(canonical, "utf8").digest();
    yield `${canonical}\t${prev.toString("hex")}\n`;
  }
}

/** Create `table (seq bigint primary key, ts timestamptz, actor text, action text, hash char(64))` and fill it. */
export async function writeAuditChain(client: pg.Client, table: string, count: number): Promise<void> {
  await client.query(
    `CREATE TABLE ${table} (seq bigint PRIMARY KEY, ts timestamptz NOT NULL, actor text NOT NULL, action text NOT NULL, hash char(64) NOT NULL)`,
  );
  await client.query("SET TimeZone = 'UTC'");
  const batches = (function* () {
    let buf: string[] = [];
    for (const line of chainLines(count)) {
      buf.push(line);
      if (buf.length === 5000) {
        yield buf.join("");
        buf = [];
      }
    }
    if (buf.length) yield buf.join("");
  })();
  await pipeline(
    Readable.from(batches),
    client.query(copyFrom(`COPY ${table} (seq, ts, actor, action, hash) FROM STDIN`)),
  );
}
