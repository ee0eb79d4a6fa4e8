#!/usr/bin/env node
// Thin launcher. `npm run build` compiles the CLI into dist/cli and bundles it into dist/bundle
// (scripts/bundle-cli.ts): a few files to read at start-up instead of about 1,300 modules. CommonJS
// (bin/package.json), because Node starts a CommonJS entry faster than an ES module one.
"use strict";
const { existsSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // The one answer that needs no command parsing: what commander would print, without loading it.
  process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, "../package.json"), "utf8")).version}\n`);
} else {
  const bundled = join(__dirname, "../dist/bundle/main.js");
  import(pathToFileURL(existsSync(bundled) ? bundled : join(__dirname, "../dist/cli/main.js")).href)
    .then((m) => m.main(process.argv))
    .catch((err) => {
      process.stderr.write(`assay: ${err && err.message ? err.message : String(err)}\n`);
      process.exitCode = 3;
    });
}
