/**
 * @module Real scanner outputs made at test time: `npm audit --json` and `npm sbom` (the npm CLI on
 * this machine) on a fixture project, and ESLint with `@microsoft/eslint-formatter-sarif`. The npm
 * registry's bulk-advisory endpoint is not reachable here, so `npm audit` asks a loopback registry
 * that serves advisories from npm's own test fixture
 * (npm/cli `workspaces/arborist/test/fixtures/audit-nyc-mkdirp/advisory-bulk.json`, entries for
 * handlebars and minimist) and minimal packuments; the report itself is computed by npm.
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { ESLint } from "eslint";

const run = promisify(execFile);
const require = createRequire(import.meta.url);

const ADVISORIES = {
  handlebars: [
    {
      id: 755,
      url: "https://npmjs.com/advisories/755",
      title: "Prototype Pollution",
      severity: "critical",
      vulnerable_versions: "<=4.0.13 || >=4.1.0 <4.1.2",
    },
  ],
  minimist: [
    {
      id: 1179,
      url: "https://npmjs.com/advisories/1179",
      title: "Prototype Pollution",
      severity: "low",
      vulnerable_versions: "<0.2.1 || >=1.0.0 <1.2.3",
    },
  ],
};
const VERSIONS: Record<string, string[]> = { handlebars: ["4.0.11", "4.0.14", "4.7.7"], minimist: ["1.2.0", "1.2.8"] };

/** A project folder named `name` depending on handlebars 4.0.11 (critical advisory) and minimist 1.2.0 (low). */
export async function vulnerableProject(parent: string, name: string): Promise<string> {
  const dir = join(parent, name);
  await mkdir(dir, { recursive: true });
  const deps = { handlebars: "4.0.11", minimist: "1.2.0" };
  await writeFile(join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", dependencies: deps }));
  const packages: Record<string, unknown> = { "": { name, version: "1.0.0", dependencies: deps } };
  for (const [n, v] of Object.entries(deps))
    packages[`node_modules/${n}`] = { version: v, resolved: `http://127.0.0.1/${n}-${v}.tgz` };
  await writeFile(
    join(dir, "package-lock.json"),
    JSON.stringify({ name, version: "1.0.0", lockfileVersion: 3, requires: true, packages }),
  );
  return dir;
}

/** `npm audit --json` on the project against a loopback advisory registry; returns the report text. */
export async function npmAudit(project: string): Promise<string> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      const name = decodeURIComponent((req.url ?? "/").slice(1));
      if (req.url?.startsWith("/-/npm/v1/security/advisories/bulk")) return res.end(JSON.stringify(ADVISORIES));
      const versions = VERSIONS[name];
      if (!versions) return res.writeHead(404).end("{}");
      const entries = versions.map((v) => [
        v,
        { name, version: v, dist: { tarball: `http://127.0.0.1/${name}-${v}.tgz` } },
      ]);
      res.end(
        JSON.stringify({ name, "dist-tags": { latest: versions.at(-1) }, versions: Object.fromEntries(entries) }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    // npm audit exits 1 when it finds vulnerabilities; the JSON on stdout is the result either way.
    const out = await run("npm", ["audit", "--json", "--registry", registry], {
      cwd: project,
      env: { ...process.env, npm_config_cache: join(project, ".npm-cache"), npm_config_audit_level: "none" },
    }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? "" }));
    return out.stdout;
  } finally {
    server.close();
  }
}

/** `npm sbom --sbom-format cyclonedx --package-lock-only` on the project (CycloneDX 1.5 from the npm CLI). */
export async function npmSbom(project: string): Promise<string> {
  const { stdout } = await run("npm", ["sbom", "--sbom-format", "cyclonedx", "--package-lock-only"], {
    cwd: project,
    env: { ...process.env, npm_config_cache: join(project, ".npm-cache"), npm_config_offline: "true" },
  });
  return stdout;
}

/** ESLint (`no-eval` as an error) on a file with one open and one suppressed `eval` (with or without a reason), as SARIF. */
export async function eslintSarif(dir: string, justified = true): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "app.js"),
    `const x = eval("1");\n// eslint-disable-next-line no-eval${justified ? " -- sandboxed template, reviewed in SEC-12" : ""}\nconst y = eval("2");\nexport { x, y };\n`,
  );
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: { languageOptions: { sourceType: "module" }, rules: { "no-eval": "error" } },
  });
  const results = await eslint.lintFiles(["app.js"]);
  const format = require("@microsoft/eslint-formatter-sarif") as (r: unknown, c: unknown) => string;
  return format(results, { rulesMeta: eslint.getRulesMetaForResults(results), cwd: dir });
}
