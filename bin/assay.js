#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built by `npm run build`).
import("../dist/cli/main.js")
  .then((m) => m.main(process.argv))
  .catch((err) => {
    process.stderr.write(`assay: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 3;
  });
