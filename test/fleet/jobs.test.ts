/** @module Which failures a queue worker retries: decided from error codes of real failures, never from text. */
import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";
import { DatabaseError } from "../../src/targets/sql/errors.js";
import { isTransient, jobId } from "../../src/fleet/jobs.js";

async function refused(): Promise<unknown> {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  return new Promise((resolve) => net.connect(port, "127.0.0.1").on("error", resolve));
}

test("connection refused, a deadline and connection-class database errors are retried", async () => {
  assert.equal(isTransient(await refused(), false), true);
  assert.equal(isTransient(new Error("anything"), true), true);
  assert.equal(isTransient(new DatabaseError("connection", "server closed the connection", "57P01"), false), true);
  assert.equal(isTransient(new DatabaseError("timeout", "statement timeout", "57014"), false), true);
  assert.equal(isTransient(new Error("wrapped", { cause: await refused() }), false), true);
});

test("privilege, missing objects, bad queries and plain errors are results, not retried", () => {
  assert.equal(isTransient(new DatabaseError("privilege", "permission denied", "42501"), false), false);
  assert.equal(isTransient(new DatabaseError("missing_object", "no such table", "42P01"), false), false);
  assert.equal(isTransient(new DatabaseError("auth", "password authentication failed", "28P01"), false), false);
  assert.equal(isTransient(new Error("connection refused (only in the text)"), false), false);
});

test("job ids derive from run and invocation, without BullMQ's reserved ':'", () => {
  assert.equal(
    jobId("2026-11-30T14-00-00Z-abcdef", "0123456789abcdef"),
    "2026-11-30T14-00-00Z-abcdef.0123456789abcdef",
  );
  assert.ok(!jobId("r", "i").includes(":"));
});
