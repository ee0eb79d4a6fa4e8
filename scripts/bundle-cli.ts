/**
 * @module Build step: bundles the compiled CLI (`dist/cli/main.js` and what it imports, and the
 * pure-JavaScript dependencies made of many files or shipped only as ES modules) with esbuild into one
 * CommonJS file, `dist/bundle/main.cjs`, so start-up reads one file instead of about 1,300 modules;
 * heavy or native drivers stay external. `import.meta.url` in each module is rewritten to that
 * module's own place under `dist/`, so files found relative to it (package.json, the prebuilt
 * validators, the controls cache, shipped schemas) resolve as they do unbundled. Then it runs
 * `assay check` on the shipped example once through the launcher and keeps V8's compiled code of that
 * run (`main.cjs.v8cache`, see `bin/assay.js`): start-up then skips parsing and compiling what
 * `check` needs, as Node 22's `module.enableCompileCache()` does for every module.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import type * as CatalogSchema from "../src/catalog/schema.js";
import type * as Metas from "../src/probes/metas.js";
import type * as Registry from "../src/probes/registry.js";
import type * as Ajv from "../src/schema/ajv.js";
import type * as Targets from "../src/targets/index.js";

/** Set only here: the launcher then writes the code cache to this path when the command ends. */
const CODE_CACHE_ENV = "ASSAY_BUILD_CODE_CACHE";

const root = fileURLToPath(new URL("../", import.meta.url));
const outdir = join(root, "dist/bundle");

/**
 * Bundled: packages made of many files (TypeBox alone is about 740 modules) and the ES-module-only
 * ones (a CommonJS bundle would reach them through `require(esm)`, which warns on Node 20). Every
 * other dependency stays in node_modules: native or heavy drivers load only when a command needs them.
 */
const BUNDLED = new Set([
  "@sinclair/typebox",
  "jose",
  "p-limit",
  "p-queue",
  "libphonenumber-js",
  "csv-parse",
  "yaml",
  "commander",
  "canonicalize",
  "fastest-levenshtein",
]);
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
const EXTERNAL = Object.keys(pkg.dependencies).filter((d) => !BUNDLED.has(d));

/**
 * A plugin that gives the modules whose path `filter` matches other contents: `make(path)` returns
 * them, or undefined to leave the module to the next plugin.
 */
function rewrite(name: string, filter: RegExp, make: (path: string) => Promise<string | undefined>): Plugin {
  return {
    name,
    setup(b) {
      b.onLoad({ filter }, async (args) => {
        const contents = await make(args.path);
        return contents === undefined ? undefined : { contents, loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}

const distUrl = (f: string): string => pathToFileURL(join(root, "dist", f)).href;

/**
 * The loader and `assay check` need the probes' metas, not their code (about half of what a command
 * would load): `probes/metas.js` becomes the metas of the registry being bundled, as JSON.
 */
const metasOnly = rewrite("probe-metas-only", /[\\/]probes[\\/]metas\.js$/, async (path) => {
  if (path !== join(root, "dist/probes/metas.js")) return undefined;
  const { PROBES } = (await import(distUrl("probes/registry.js"))) as typeof Registry;
  const { metasModule } = (await import(distUrl("probes/metas.js"))) as typeof Metas;
  return metasModule(PROBES);
});

/**
 * Commander requires node:child_process at load, for executable subcommands Assay does not use;
 * loading it (and net, dgram with it) is a few milliseconds of every start. It is required when
 * first used instead.
 */
const LAZY_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const commanderLazyChildProcess = rewrite(
  "commander-lazy-child-process",
  /[\\/]commander[\\/]lib[\\/]command\.js$/,
  async (path) => {
    const text = await readFile(path, "utf8");
    if (!text.includes(LAZY_CHILD_PROCESS)) throw new Error(`${path}: commander changed; update the bundle script`);
    return text.replace(
      LAZY_CHILD_PROCESS,
      "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };",
    );
  },
);

/** `import.meta.url` of a module under dist/ as the bundle rebuilds it: the bundle's URL and the module's place. */
function withOwnUrl(text: string, path: string): string {
  const rel = relative(outdir, path).split("\\").join("/");
  return text.replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, __assayUrl).href`);
}

/**
 * The validators every `assay check` runs (the project file's, the connections') go into the bundle,
 * so V8's code cache holds them too: `BUNDLED` in `schema/precompiled.js` becomes a table of them.
 * The others stay files, required when a command needs them.
 */
const hotValidators = rewrite("hot-validators-inside", /[\\/]schema[\\/]precompiled\.js$/, async (path) => {
  if (path !== join(root, "dist/schema/precompiled.js")) return undefined;
  const { schemaKey } = (await import(distUrl("schema/ajv.js"))) as typeof Ajv;
  const { inputSchema } = (await import(distUrl("catalog/schema.js"))) as typeof CatalogSchema;
  const { CONNECTORS } = (await import(distUrl("targets/index.js"))) as typeof Targets;
  const schemas = [inputSchema("project"), ...Object.values(CONNECTORS).map((c) => c.connectionSchema)];
  const keys = schemas.map((schema) => schemaKey(schema));
  // Static imports: esbuild bundles them (each validator module still runs only its definitions).
  const imports = keys.map((k, i) => `import * as hot${i} from ${JSON.stringify(`./validators/${k}.cjs`)};`);
  const rows = keys.map((k, i) => `  ${JSON.stringify(k)}: () => hot${i}.default,`);
  const text = await readFile(path, "utf8");
  const empty = "const BUNDLED = {};";
  if (!text.includes(empty)) throw new Error(`${path}: no "${empty}" to fill`);
  return withOwnUrl(`${imports.join("\n")}\n${text.replace(empty, `const BUNDLED = {\n${rows.join("\n")}\n};`)}`, path);
});

/** Each module keeps its own `import.meta.url`: the bundle sits in dist/bundle/, the module in dist/<its folder>/. */
const ownUrl = rewrite("own-import-meta-url", /\.js$/, async (path) => {
  if (!path.startsWith(join(root, "dist"))) return undefined;
  const text = await readFile(path, "utf8");
  return text.includes("import.meta.url") ? withOwnUrl(text, path) : undefined;
});

// A clean folder: chunks of an earlier build would otherwise be packed and shipped.
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: [join(root, "dist/cli/main.js")],
  outfile: join(outdir, "main.cjs"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // import() of an external driver becomes require(): a vm.Script run from a code cache cannot
  // import() on Node 20 ("A dynamic import callback was not specified"); every external loads as CommonJS.
  supported: { "dynamic-import": false },
  external: EXTERNAL,
  plugins: [metasOnly, commanderLazyChildProcess, hotValidators, ownUrl],
  // The bundle's own URL, from which each module's `import.meta.url` is rebuilt (see ownUrl).
  banner: { js: 'var __assayUrl = require("node:url").pathToFileURL(__filename).href;' },
  // Smaller files parse faster at start-up; names are kept for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  legalComments: "linked",
  metafile: true,
});
// A bundled CommonJS package reached by `await import()` would offer only `default`, unlike Node.
for (const [file, input] of Object.entries(result.metafile.inputs)) {
  for (const dep of input.imports) {
    if (dep.kind === "dynamic-import" && result.metafile.inputs[dep.path]?.format === "cjs")
      throw new Error(`${file} imports the CommonJS module ${dep.path} with import(): import it statically`);
  }
}
// V8's code for what `assay check` runs, made by the launcher with the node that builds (the cache
// is only used by the same Node and V8 flags; any other node compiles the bundle as usual).
const bundle = join(outdir, "main.cjs");
execFileSync(process.execPath, [join(root, "bin/assay.js"), "check", "-p", join(root, "examples/config/assay.yaml")], {
  env: { ...process.env, [CODE_CACHE_ENV]: `${bundle}.v8cache` },
  stdio: "ignore",
});
process.stdout.write(`bundled the CLI into ${relative(root, bundle)} (code cache ${relative(root, bundle)}.v8cache)\n`);
