/**
 * @module Build step: bundles the compiled CLI (`dist/cli/main.js` and what it imports, and the
 * ES-module dependencies made of many files) into `dist/bundle/` with esbuild, so start-up reads a few files
 * instead of about 1,300 modules. Code that commands import lazily stays lazy (split chunks);
 * heavy or native drivers stay external. `import.meta.url` in each module is rewritten to that
 * module's own place under `dist/`, so files found relative to it (package.json, the prebuilt
 * validators, the controls cache, shipped schemas) resolve as they do unbundled.
 */
import { rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import type * as Metas from "../src/probes/metas.js";
import type * as Registry from "../src/probes/registry.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const outdir = join(root, "dist/bundle");

/**
 * Only ES-module packages made of many files are bundled (TypeBox alone is about 740 modules).
 * Every other dependency stays in node_modules: CommonJS interop of a bundle differs from Node's for
 * `await import()`, and native or heavy drivers load only when a command needs them.
 */
const BUNDLED = new Set([
  "@sinclair/typebox",
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
 * The loader and `assay check` need the probes' metas, not their code (about half of what a command
 * would load): `probes/metas.js` becomes the metas of the registry being bundled, as JSON.
 */
const metasOnly: Plugin = {
  name: "probe-metas-only",
  setup(b) {
    const metas = join(root, "dist/probes/metas.js");
    b.onLoad({ filter: /[\\/]probes[\\/]metas\.js$/ }, async (args) => {
      if (args.path !== metas) return undefined;
      const { PROBES } = (await import(pathToFileURL(join(root, "dist/probes/registry.js")).href)) as typeof Registry;
      const { metasModule } = (await import(pathToFileURL(metas).href)) as typeof Metas;
      return { contents: metasModule(PROBES), loader: "js", resolveDir: dirname(metas) };
    });
  },
};

/** Each module keeps its own `import.meta.url`: the bundle sits in dist/bundle/, the module in dist/<its folder>/. */
const ownUrl: Plugin = {
  name: "own-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(join(root, "dist"))) return undefined;
      const text = await readFile(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      const rel = relative(outdir, args.path).split("\\").join("/");
      return {
        contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(rel)}, import.meta.url).href`),
        loader: "js",
        resolveDir: dirname(args.path),
      };
    });
  },
};

// A clean folder: chunks of an earlier build would otherwise be packed and shipped.
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: [join(root, "dist/cli/main.js")],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: EXTERNAL,
  plugins: [metasOnly, ownUrl],
  // CommonJS dependencies (ajv, yaml) call require(); give the ESM bundle one.
  banner: {
    js: 'import { createRequire as __assayRequire } from "node:module"; const require = __assayRequire(import.meta.url);',
  },
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
process.stdout.write(
  `bundled the CLI into ${relative(root, outdir)}/ (entry ${pathToFileURL(resolve(outdir, "main.js")).pathname.split("/").slice(-2).join("/")})\n`,
);
