/**
 * `audit_chain` on JSON Lines chains written by a short Python 3 script (test/fixtures/audit_chain/
 * write_chain.py, `hashlib`): SHA3-256 as hex and SHA-512 as base64, the previous hash first, Python's
 * own rendering (`str()` of floats and booleans, ISO 8601 with milliseconds and Z, epoch
 * milliseconds), non-ASCII and control characters escaped by `json.dumps`. Each intact, with one
 * modified record, with one deleted record, with a record modified right after a deleted one, with
 * inserted records and with two records swapped.
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, describe, it } from "node:test";
import probe from "../../src/probes/audit_chain/index.js";
import { runOnce } from "../../src/probes/tester.js";
import { fileConnector } from "../../src/targets/file.js";
import { expectFindings, type Tampering } from "../support/audit-chain.js";

const SCRIPT = fileURLToPath(new URL("../fixtures/audit_chain/write_chain.py", import.meta.url));
const python = (() => {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return "python3";
  } catch {
    return null;
  }
})();
const skip = python === null ? "python3 is not installed (.ci/run installs it)" : false;

const dir = await mkdtemp(join(tmpdir(), "assay-chain-py-"));
after(() => rm(dir, { recursive: true, force: true }));

/** Run the Python writer into `dir/<name>/` (the four tampered files). */
async function writeChains(name: string, algorithm: string, encoding: string): Promise<void> {
  await mkdir(join(dir, name), { recursive: true });
  await promisify(execFile)(python ?? "python3", [SCRIPT, join(dir, name), algorithm, encoding]);
}

/** The Python writer's recipe, declared in the probe's terms. */
const chain = (algorithm: string, encoding: string) => ({
  sequence_column: "seq",
  hash_column: "hash",
  prev_hash_column: "prev",
  columns: ["seq", { column: "ts", as: "timestamp" }, "at_ms", "user", "action", "amount", "ok", "note"],
  recipe: {
    separator: "|",
    previous: "prefix",
    genesis: "",
    timestamps: "iso",
    fraction_digits: 3,
    booleans: { true: "True", false: "False" },
    null: "",
    algorithm,
    encoding,
  },
});

async function verify(file: string, params: object): Promise<string[]> {
  const handle = await fileConnector.open(
    { path: file },
    { baseDir: dir, signal: AbortSignal.timeout(5000), timeoutMs: 5000 },
  );
  const run = await runOnce(probe, { type: "file", handle }, { chain: params });
  assert.ok(run.ok, run.ok ? "" : run.error);
  return run.findings.map((f) => `${f.messageId} ${f.status}: ${f.message}`);
}

/** Beyond the four common tamperings: a repeated sequence number and a record hashed on an older head; two records swapped. */
const MORE = {
  inserted:
    "recordsInserted fail: 2 records inserted: sequence 7 (sequence number repeated), 13 (its stored previous hash is not the hash of 12)",
  reordered: "recordsReordered fail: 1 record reordered: sequence 3 arrived after a higher sequence number",
};

const WRITERS = [
  { python: "sha3_256", algorithm: "sha3-256", encoding: "hex" },
  { python: "sha512", algorithm: "sha512", encoding: "base64" },
] as const;

for (const w of WRITERS) {
  void describe(`audit_chain on a JSON Lines chain written by Python hashlib (${w.python}, ${w.encoding})`, () => {
    const written = python ? writeChains(w.python, w.python, w.encoding) : Promise.resolve();
    for (const tamper of ["intact", "modified", "deleted", "modified_after_deleted"] as Tampering[]) {
      void it(`${tamper}: ${tamper === "intact" ? "passes" : "names what was done"}`, { skip }, async () => {
        await written;
        expectFindings[tamper](await verify(join(w.python, `${tamper}.jsonl`), chain(w.algorithm, w.encoding)));
      });
    }
    for (const [name, line] of Object.entries(MORE)) {
      void it(`${name}: names what was done`, { skip }, async () => {
        await written;
        assert.deepEqual(await verify(join(w.python, `${name}.jsonl`), chain(w.algorithm, w.encoding)), [line]);
      });
    }
  });
}

void describe("audit_chain recipes over JSON Lines fields", () => {
  it(
    "hashes the parsed fields, not the line text: a record re-serialised with other escaping still verifies",
    { skip },
    async () => {
      await writeChains("escaping", "sha3_256", "hex");
      const lines = (await readFile(join(dir, "escaping", "intact.jsonl"), "utf8")).trimEnd().split("\n");
      // JavaScript writes ë, tabs and quotes differently from Python's ensure_ascii output; the values are the same.
      const rewritten = lines.map((l) => JSON.stringify(JSON.parse(l) as unknown, null, 0));
      assert.notDeepEqual(rewritten, lines);
      await writeFile(join(dir, "rewritten.jsonl"), rewritten.join("\n") + "\n");
      const found = await verify("rewritten.jsonl", chain("sha3-256", "hex"));
      assert.match(found[0] ?? "", /^chainOk pass: 12 records/);
    },
  );

  it("a declared SQL expression cannot apply to a file: error, not a pass", async () => {
    await writeFile(join(dir, "one.jsonl"), '{"seq": 1, "hash": "00", "prev": ""}\n');
    const lines = await verify("one.jsonl", { ...chain("sha256", "hex"), recipe: { payload_sql: "seq" } });
    assert.deepEqual(lines, [
      "sqlOnFile error: SQL expressions (payload_sql or a field's sql) need a database target, not a file",
    ]);
  });

  it("a stored hash in another encoding than declared is an error naming the record", { skip }, async () => {
    await writeChains("encoding", "sha512", "base64");
    const lines = await verify(join("encoding", "intact.jsonl"), chain("sha512", "hex"));
    assert.deepEqual(lines, [
      "chainUnreadable error: the audit trail cannot be read: record with sequence 1: stored hash is not 128 hexadecimal characters (sha512, hex)",
    ]);
  });
});
