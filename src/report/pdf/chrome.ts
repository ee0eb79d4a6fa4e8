/** @module Finds the system Chromium for PDF rendering: `ASSAY_CHROME` first, then the usual install paths. */
import { accessSync, constants } from "node:fs";
import { AssayError, EXIT } from "../../errors.js";

export const CHROME_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/opt/google/chrome/chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
] as const;

export class ChromeNotFoundError extends AssayError {
  override readonly name = "ChromeNotFoundError";
  constructor(message: string) {
    super(message, {
      exit: EXIT.reportFailed,
      hint: "install Chromium (Debian: apt-get install chromium) or set ASSAY_CHROME to a Chrome/Chromium executable; the other formats do not need it",
    });
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser to drive; throws a message naming `ASSAY_CHROME` when none is usable. */
export function findChrome(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = CHROME_CANDIDATES,
): string {
  const set = env["ASSAY_CHROME"];
  if (set !== undefined && set !== "") {
    if (executable(set)) return set;
    throw new ChromeNotFoundError(`ASSAY_CHROME is set to "${set}", which is not an executable file`);
  }
  const found = candidates.find(executable);
  if (found !== undefined) return found;
  throw new ChromeNotFoundError(
    `PDF rendering needs Chromium or Chrome, and none was found in ${candidates.slice(0, 4).join(", ")}…; install it (Debian: apt-get install chromium) or set ASSAY_CHROME to the browser's executable`,
  );
}
