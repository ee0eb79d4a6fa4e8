#!/usr/bin/env node
// Thin launcher. `npm run build` compiles the CLI into dist/cli and bundles it into dist/bundle
// (scripts/bundle-cli.ts): a few files to read at start-up instead of about 1,300 modules.
import { existsSync, readFileSync } from "node:fs";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // The one answer that needs no command parsing: what commander would print, without loading it.
  process.stdout.write(`${JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version}\n`);
} else {
  const bundled = new URL("../dist/bundle/main.js", import.meta.url);
  import(existsSync(bundled) ? bundled.href : "../dist/cli/main.js")
    .then((m) => m.main(process.argv))
    .catch((err) => {
      process.stderr.write(`assay: ${err && err.message ? err.message : String(err)}\n`);
      process.exitCode = 3;
    });
}
