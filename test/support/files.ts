/**
 * @module `file` targets for probe tests: a temporary folder (removed after the file's tests) into
 * which `write(name, text)` puts a file and returns its handle, opened by the real file connector.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { fileConnector, type FileHandle } from "../../src/targets/file.js";

export interface FileTargets {
  readonly dir: string;
  readonly write: (name: string, text: string) => Promise<FileHandle>;
}

export function fileTargets(prefix: string): FileTargets {
  const dir = mkdtempSync(join(tmpdir(), `assay-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write: (name, text) => {
      writeFileSync(join(dir, name), text);
      return fileConnector.open({ path: name }, { baseDir: dir, signal: AbortSignal.timeout(1000), timeoutMs: 1000 });
    },
  };
}
