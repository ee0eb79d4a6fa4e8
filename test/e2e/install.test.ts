/**
 * @module The install path a new user takes: `npm pack` gives a tarball that `npm install -g`
 * installs into a fresh prefix with `assay` on PATH, the shipped catalogs and the prebuilt
 * validators; from there `assay --version`, `assay check` and a small `assay run` work, and so does
 * every `assay` line of the README's CI snippets, as written.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { rm } from "node:fs/promises";

const root = fileURLToPath(new URL("../../", import.meta.url));
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
const built = existsSync(join(root, "dist/cli/main.js"));

describe("installing the packed tarball", { skip: !built && "run npm run build first" }, () => {
  const work = mkdtempSync(join(tmpdir(), "assay-install-"));
  const prefix = join(work, "prefix");
  let env: NodeJS.ProcessEnv = {};
  const sh = (command: string, cwd: string) =>
    spawnSync("sh", ["-c", command], { cwd, encoding: "utf8", env, timeout: 120_000 });

  before(() => {
    execFileSync("npm", ["pack", "--pack-destination", work, "--silent"], { cwd: root, stdio: "pipe" });
    const tgz = join(work, `assay-${version}.tgz`);
    assert.ok(existsSync(tgz), "npm pack wrote the tarball");
    // --prefer-offline: the packages npm ci fetched are in the cache; the registry only fills gaps.
    execFileSync(
      "npm",
      ["install", "-g", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel", "error", tgz],
      { stdio: "pipe", timeout: 300_000 },
    );
    env = {
      ...process.env,
      PATH: `${join(prefix, "bin")}:${process.env["PATH"] ?? ""}`,
      NO_COLOR: "1",
      ASSAY_TGZ: tgz,
    };
  });
  after(() => rm(work, { recursive: true, force: true }));

  const project = (): string => {
    const dir = mkdtempSync(join(work, "project-"));
    cpSync(join(root, "examples/config"), dir, { recursive: true });
    writeFileSync(
      join(dir, "assay.yaml"),
      readFileSync(join(dir, "assay.yaml"), "utf8")
        .replace("dir: ../../evidence/config-example", "dir: evidence")
        .replace("dir: ../../reports/config-example", "dir: reports"),
    );
    return dir;
  };

  it("puts assay on PATH with the package version, the catalogs and the prebuilt validators", () => {
    const r = sh("command -v assay && assay --version", work);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split("\n").at(-1), version);
    assert.ok(r.stdout.startsWith(join(prefix, "bin")), r.stdout);
    const pkg = join(prefix, "lib/node_modules/assay");
    const built = [
      "dist/bundle/main.cjs",
      "dist/bundle/main.cjs.v8cache",
      "dist/schema/validations.json",
      "dist/catalog/controls.cache.json",
    ];
    for (const f of ["controls/gdpr.yaml", "schemas/project.schema.json", "bin/package.json", ...built])
      assert.ok(existsSync(join(pkg, f)), `${f} is in the installed package`);
    assert.ok(readdirSync(join(pkg, "dist/schema/validators")).length > 0, "the precompiled validators are installed");
  });

  it("assay check and a small assay run work from the installed package", () => {
    const dir = project();
    const check = sh("assay check", dir);
    assert.equal(check.status, 0, check.stderr);
    assert.match(check.stdout, /^valid: project "config-example"/);
    const run = sh("assay run --json", dir);
    assert.equal(run.status, 1, "the example holds a non-compliant config on purpose");
    const out = JSON.parse(run.stdout) as { runId: string; evidence: { runDir: string } };
    assert.equal(out.evidence.runDir, join(dir, "evidence", out.runId));
    assert.ok(existsSync(join(out.evidence.runDir, "manifest.jws")));
    assert.equal(sh("assay verify", dir).status, 0);
  });

  it("every assay line of the README's CI snippets runs as written", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### 6. The CI gate"), readme.indexOf("### 7."));
    const lines = [...section.matchAll(/^\s*- (?:run: )?((?:npm install -g|assay) .*)$/gm)].map((m) =>
      (m[1] ?? "").replace('"${{ vars.ASSAY_TGZ }}"', '"$ASSAY_TGZ"'),
    );
    assert.ok(lines.filter((l) => l.startsWith("assay ")).length >= 4, lines.join("\n"));
    assert.ok(
      lines.some((l) => l.startsWith("npm install -g")),
      "the snippets say how to install",
    );
    for (const line of lines.filter((l) => l.startsWith("assay "))) {
      const dir = project();
      const r = sh(line, dir);
      assert.ok(r.status === 0 || r.status === 1, `${line}: exit ${r.status}\n${r.stderr}`);
      if (line.startsWith("assay run")) {
        const [runId] = readdirSync(join(dir, "reports"));
        assert.ok(runId, `${line} wrote reports`);
        for (const f of ["summary.md", "junit.xml", "report.html"])
          assert.ok(existsSync(join(dir, "reports", runId, f)), `${line}: reports/${runId}/${f}`);
      }
    }
  });
});

describe("the Dockerfile", () => {
  // The test machine has no container engine: what can drift without one is checked here.
  const text = readFileSync(join(root, "Dockerfile"), "utf8");
  const lines = text.split("\n").filter((l) => !l.startsWith("#"));
  it("installs the tarball npm pack writes for this version, on Node 20, with Chromium, as a non-root user", () => {
    assert.match(lines.find((l) => l.startsWith("FROM ")) ?? "", /^FROM node:20-bookworm-slim$/);
    assert.equal(/^ARG VERSION=(.+)$/m.exec(text)?.[1], version, "ARG VERSION defaults to package.json's version");
    assert.match(text, /^COPY assay-\$\{VERSION\}\.tgz /m);
    assert.match(text, /npm install -g --omit=dev[^\n]* \/tmp\/assay\.tgz/);
    assert.match(text, /apt-get install [^\n]*\bchromium\b/);
    assert.match(text, /ASSAY_CHROME=\/usr\/bin\/chromium/);
    const user = /^USER (\S+)$/m.exec(text)?.[1];
    assert.ok(user && user !== "root" && user !== "0", `runs as ${user}`);
    assert.match(text, /^ENTRYPOINT \["assay"\]$/m);
  });
});
