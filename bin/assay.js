#!/usr/bin/env node
// Thin launcher. `npm run build` compiles the CLI into dist/cli and bundles it into one CommonJS
// file, dist/bundle/main.cjs (scripts/bundle-cli.ts), with V8's compiled code of an `assay check` run
// beside it (main.cjs.v8cache: SHA-256 of the code, then the code): loaded through vm.Script with
// that cache, start-up neither parses nor compiles what `check` runs. V8 does not checksum a code
// cache outside debug builds, so the launcher does (node:crypto, which every command loads anyway):
// a damaged cache, or one V8 rejects (another Node, other flags), only costs the compile. Without a
// build it loads the ES modules of dist/cli.
"use strict";
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname, join } = require("node:path");
const { pathToFileURL } = require("node:url");
const vm = require("node:vm");
const { createHash } = require("node:crypto");

const sha256 = (bytes) => createHash("sha256").update(bytes).digest();

/** The code cache beside the bundle, when it is there and intact. */
function codeCache(file) {
  try {
    const bytes = readFileSync(`${file}.v8cache`);
    const data = bytes.subarray(32);
    return sha256(data).equals(bytes.subarray(0, 32)) ? data : undefined;
  } catch {
    return undefined; // no cache: compile
  }
}

/** Runs the bundle as Node would require it, with the code cache when there is an intact one. */
function loadBundle(file) {
  const cachedData = codeCache(file);
  // The bundle has no import() (see scripts/bundle-cli.ts), so the script needs no import callback.
  const script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, dirname(file));
  return { exports: mod.exports, script };
}

function fail(err) {
  process.stderr.write(`assay: ${err && err.message ? err.message : String(err)}\n`);
  process.exitCode = 3;
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  // The one answer that needs no command parsing: what commander would print, without loading it.
  process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, "../package.json"), "utf8")).version}\n`);
} else {
  const bundled = join(__dirname, "../dist/bundle/main.cjs");
  if (existsSync(bundled)) {
    try {
      const { exports, script } = loadBundle(bundled);
      const writeCache = process.env.ASSAY_BUILD_CODE_CACHE; // set by the build only
      exports
        .main(process.argv)
        .then(() => {
          if (!writeCache) return;
          const data = script.createCachedData();
          writeFileSync(writeCache, Buffer.concat([sha256(data), data]));
        })
        .catch(fail);
    } catch (err) {
      fail(err);
    }
  } else {
    import(pathToFileURL(join(__dirname, "../dist/cli/main.js")).href).then((m) => m.main(process.argv)).catch(fail);
  }
}
