/** @module Segment lines read in chunks (`eachLine`): the same lines as splitting the whole file, at any chunk size. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { eachLine } from "../../src/evidence/record-files.js";
import { tempDir } from "./fixtures.js";

describe("eachLine", () => {
  it("yields the lines and the unterminated rest that splitting the whole file gives, for chunk sizes 1 to 40", async () => {
    const dir = await tempDir();
    const texts = [
      "",
      "\n",
      "a\nbb\n\nccc\n",
      "no line end",
      `${"x".repeat(100)}\n${"y".repeat(37)}\npartial`,
      // Random bytes with line ends in them, as a damaged segment might hold.
      randomBytes(600).toString("latin1"),
    ];
    for (const [t, text] of texts.entries()) {
      const file = join(dir, `s${t}.jsonl`);
      await writeFile(file, Buffer.from(text, "latin1"));
      const parts = text.split("\n");
      const rest = parts.pop() ?? "";
      for (let chunk = 1; chunk <= 40; chunk++) {
        const seen: string[] = [];
        const read = eachLine(file, (line, i) => void seen.push(`${i}:${line.toString("latin1")}`), chunk);
        assert.deepEqual(seen, parts.map((p, i) => `${i}:${p}`), `text ${t}, chunks of ${chunk}`);
        assert.equal(read.stopped, undefined);
        assert.equal("rest" in read ? read.rest.toString("latin1") : null, rest, `text ${t}, chunks of ${chunk}`);
        assert.equal(read.lines, parts.length);
      }
    }
  });

  it("stops at the first line the visitor answers for, and says which", async () => {
    const file = join(await tempDir(), "s.jsonl");
    await writeFile(file, "1\n2\n3\n4\n");
    const read = eachLine(file, (line, i) => (line.toString() === "3" ? `stopped at line ${i + 1}` : undefined), 3);
    assert.deepEqual(read, { stopped: "stopped at line 3", lines: 3 });
  });
});
