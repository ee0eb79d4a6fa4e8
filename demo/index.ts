/**
 * @module `npm run demo`: start a small, deliberately non-compliant data platform on loopback
 * (PostgreSQL warehouse, HTTPS API, OIDC provider, Keycloak export, app config), then run the real
 * `assay` CLI against it with the shipped GDPR and ISO catalogs, render reports, verify the signed
 * evidence, and stop everything it started — also on Ctrl-C.
 */
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { startOidcProvider } from "../test/support/oidc.js";
import { startApi } from "./api.js";
import { writeProject } from "./project.js";
import { startWarehouse } from "./warehouse.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const work = join(root, ".demo");
const bin = join(root, "bin/assay.js");
const t0 = performance.now();
const stops: (() => Promise<void>)[] = [];

const say = (s: string) => process.stdout.write(`${s}\n`);
// Dim timestamps only on a colour terminal: never ANSI codes in a pipe, with NO_COLOR or TERM=dumb.
const colour = Boolean(process.stdout.isTTY) && !process.env["NO_COLOR"] && process.env["TERM"] !== "dumb";
const step = (s: string) => {
  const at = `[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s]`;
  say(`${colour ? `\x1b[2m${at}\x1b[0m` : at} ${s}`);
};

async function stopAll(): Promise<void> {
  for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
}

/** Services still starting: Ctrl-C waits for them so that what they start is also stopped. */
const starting: Promise<unknown>[] = [];

process.once("SIGINT", () => {
  say("\nInterrupted: stopping the demo platform…");
  void Promise.allSettled(starting)
    .then(stopAll)
    .finally(() => process.exit(130));
});

/** Run the real CLI as a child process (the demo's own event loop keeps serving the platform). */
function assay(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: "inherit", env: { ...process.env, ...env } });
    child.once("error", reject);
    child.once("close", (code) => resolve(code ?? 3));
  });
}

function findChromium(): string | undefined {
  const candidates = [
    process.env["ASSAY_CHROME"],
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
  ];
  return candidates.find((c): c is string => Boolean(c) && existsSync(c as string));
}

async function main(): Promise<number> {
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  say("Assay demo: an ETL platform with a few of the mistakes audits find in real life.\n");

  step("starting PostgreSQL (embedded) as the warehouse staging area…");
  const oidc = startOidcProvider({ accessTokenTtlSeconds: 3600 }).then((o) => (stops.push(() => o.stop()), o));
  const platform = Promise.all([
    startWarehouse().then((w) => (stops.push(() => w.stop()), w)),
    startApi(oidc.then((o) => ({ issuer: o.issuer, audience: o.resource }))).then(
      (a) => (stops.push(() => a.stop()), a),
    ),
    oidc,
  ]);
  starting.push(platform);
  const [warehouse, api, idp] = await platform;
  step(
    `warehouse  postgres://assay_ro@127.0.0.1:${warehouse.server.port}/warehouse  (SSL off, operator can DELETE customers, rows past retention, tampered audit row)`,
  );
  step(
    `API        ${api.url}  (certificate expires in 20 days, TLS 1.0 accepted; /api/orders takes alg:none tokens, no rate limit)`,
  );
  step(`IdP        ${idp.issuer}  (OIDC provider issuing 60-minute access tokens)`);
  step(
    `warehouse_qa  postgres://assay_ro@127.0.0.1:${warehouse.server.port}/warehouse_qa  (non-production copy with unmasked e-mails, phones, card numbers)`,
  );
  const project = await writeProject(work, { warehouse, api, idp });
  step("IdP export keycloak-realm.json (one administrator without OTP) and app-config.yaml written");
  step(
    "registers/ written: pgBackRest catalog (last backup 50 h ago), breach register (one notification 96 h late, no reason), request and restore-test registers",
  );
  step("scan-results/ written: a Trivy report and a CycloneDX VEX with a critical finding open since 2022");

  const formats = ["html", "json", "md", "junit", "sarif", "oscal", "soa", "soa-csv", "soa-xlsx"];
  const chrome = findChromium();
  if (chrome) formats.splice(1, 0, "pdf", "soa-pdf");
  step(`running: assay run -p ${relative(process.cwd(), project)} --report ${formats.join(",")}\n`);
  const env = {
    ASSAY_DEMO_PG_PASSWORD: warehouse.auditorPassword,
    ASSAY_DEMO_CLIENT_SECRET: idp.clientSecret,
    ...(chrome ? { ASSAY_CHROME: chrome } : {}),
  };
  const runCode = await assay(
    ["run", "-p", project, "--report", formats.join(","), "--report-dir", join(work, "reports")],
    env,
  );
  await stopAll();
  say("");
  step(
    `assay run exited ${runCode}${runCode === 1 ? " (gate failed — the demo platform is non-compliant on purpose)" : ""}`,
  );
  if (!chrome)
    say("  No Chromium found, so no PDF: install one (apt-get install chromium) or set ASSAY_CHROME=/path/to/chrome.");

  step("verifying the signed evidence offline with the public key:\n");
  const evidence = join(work, "evidence");
  const verifyCode = await assay(["verify", evidence, "--key", join(work, ".assay/keys/assay-public.jwk")]);
  say("");
  const month = new Date().toISOString().slice(0, 7);
  const zip = join(work, `audit-${month}.zip`);
  step(`writing the auditor package: assay bundle ${month} -o ${relative(process.cwd(), zip)}\n`);
  const bundleCode = await assay(
    ["bundle", month, "-o", zip, "-p", project, "--key", join(work, ".assay/keys/assay-public.jwk")],
    env,
  );
  say("");
  step("verifying the auditor package as an external auditor would, offline:\n");
  const packageCode = await assay(["verify", zip, "--key", join(work, ".assay/keys/assay-public.jwk")]);
  say("");
  step(
    `auditor package: ${relative(process.cwd(), zip)} (${existsSync(zip) ? statSync(zip).size : 0} bytes); VERIFY.md inside explains checking it with openssl or Node alone`,
  );
  const latest = (await readdir(join(work, "reports"))).sort().pop() ?? "";
  step(
    `done in ${((performance.now() - t0) / 1000).toFixed(1)} s. Open the report: ${relative(process.cwd(), join(work, "reports", latest, "report.html"))}`,
  );
  return runCode <= 1 && verifyCode === 0 && bundleCode === 0 && packageCode === 0 ? 0 : 1;
}

main()
  .then((code) => (process.exitCode = code))
  .catch(async (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await stopAll();
    process.exitCode = 1;
  });
