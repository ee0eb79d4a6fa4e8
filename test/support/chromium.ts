/**
 * @module Chromium in tests: why PDF tests must skip (no browser or no poppler-utils), the text and
 * page count of a PDF as poppler reads it, and which processes a command left behind (found by a
 * marker in their environment, which Chromium and its helpers inherit from the CLI).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { findChrome } from "../../src/report/pdf/chrome.js";

/** A skip reason when Chromium or pdftotext is missing (.ci/run installs both), else false. */
export function chromeMissing(): string | false {
  try {
    findChrome();
  } catch (err) {
    return `no Chromium (${err instanceof Error ? err.message : String(err)}); .ci/run installs it`;
  }
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
  } catch {
    return "pdftotext (poppler-utils) is not installed; .ci/run installs it";
  }
  return false;
}

/** Text (layout kept) and page count of a PDF file, by poppler-utils. */
export function pdfFileText(file: string): { text: string; pages: number } {
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return { text, pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0) };
}

/** Live (not zombie) processes whose environment holds `name=value`, with their command line. */
export function processesMarked(name: string, value: string): string[] {
  const needle = `\0${name}=${value}\0`;
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (!`\0${readFileSync(`/proc/${pid}/environ`, "latin1")}`.includes(needle)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "latin1").replaceAll("\0", " ").slice(0, 120)}`);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
