/** @module The project file: targets (types, connections, references) and run settings. */
import { resolve } from "node:path";
import type { GroupLimit, RunSettings, TargetDecl } from "../model/spec.js";
import { CONNECTORS, isTargetType } from "../targets/index.js";
import { json, list, obj, str, strs, type LoadContext } from "./context.js";
import type { Locus } from "./problems.js";
import { eachString, scanRefs } from "./refs.js";
import { validate } from "../schema/ajv.js";
import { positionOf, type Path, type Source } from "./source.js";
import { didYouMean, suggest } from "../schema/suggest.js";

/**
 * Targets as declared in the project or an expanded inventory file; repeated ids (across every file
 * sharing `seen`), unknown types and connections their connector rejects are errors.
 */
export function buildTargets(src: Source, ctx: LoadContext, seen = new Map<string, Locus>()): TargetDecl[] {
  const targets: TargetDecl[] = [];
  const known = Object.keys(CONNECTORS);
  list(obj(src.data)["targets"]).forEach((t, i) => {
    const target = obj(t);
    const id = str(target["id"]);
    const type = str(target["type"]);
    if (!id || !type) return;
    const at: Locus = { src, path: ["targets", i, "id"] };
    const first = seen.get(id);
    if (first) {
      ctx.problems.error(at, `duplicate target id "${id}" (first defined at ${ctx.problems.where(first)})`);
      return;
    }
    seen.set(id, at);
    const connection = json(target["connection"]);
    if (!isTargetType(type)) {
      ctx.problems.error(
        { src, path: ["targets", i, "type"] },
        `unknown target type "${type}"${didYouMean(type, known)} (known: ${known.join(", ")})`,
      );
    } else if (target["connection"] && typeof target["connection"] === "object") {
      for (const issue of validate(CONNECTORS[type].connectionSchema, connection, ["targets", i, "connection"], true)) {
        ctx.problems.error({ src, path: issue.path, part: issue.part }, `${type} connection: ${issue.message}`);
      }
    }
    const group = str(target["group"]);
    targets.push({
      id,
      type,
      tags: strs(target["tags"]),
      connection,
      attributes: json(target["attributes"]),
      ...(group !== undefined ? { group } : {}),
      source: { file: src.file, ...positionOf(src, ["targets", i], "value") },
    });
  });
  return targets;
}

const CONNECTION_PLACE = /^(targets\/\d+|inventory\/groups\/[^/]+)\/connection(\/|$)/;
const SECRET_PLACES = [CONNECTION_PLACE, /^evidence\/signing_key$/];
const SECRET_KEY = /(^|[_-])(pass(word|wd)?|pwd|secret|token|api_?key|private_?key|credentials?)$/i;
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:([^@/?#\s]+)@/i;
const ONLY_REF = /^\$\{(env|file):[^}]+\}$/;

/** `${…}` references in the project file: well formed, secrets only where they are resolved, nothing else. */
export function checkProjectRefs(src: Source, ctx: LoadContext): void {
  eachString(src.data, [], (s, path) => {
    const { refs, bad } = scanRefs(s, ["env", "file"]);
    for (const message of bad) ctx.problems.error({ src, path }, message);
    const where = path.join("/");
    // Never quote the value: it may be a real secret.
    const key = String(path[path.length - 1]);
    if (bad.length === 0 && CONNECTION_PLACE.test(where) && SECRET_KEY.test(key) && !ONLY_REF.test(s)) {
      ctx.problems.error(
        { src, path },
        `"${key}" holds a literal value; write secrets as \${env:NAME} or \${file:PATH}, never in the project file`,
      );
    }
    const inUrl = URL_PASSWORD.exec(s)?.[1];
    if (inUrl !== undefined && !ONLY_REF.test(inUrl)) {
      ctx.problems.error(
        { src, path },
        `"${key}" has a password inside a URL; use \${env:NAME} or \${file:PATH} for it`,
      );
    }
    for (const ref of refs) {
      if (ref.kind === "profile" || ref.kind === "target") {
        ctx.problems.error({ src, path }, `${ref.text} is only resolved in check params, not in the project file`);
      } else if (!SECRET_PLACES.some((re) => re.test(where)) && !underMisspeltSecretPlace(path)) {
        ctx.problems.error(
          { src, path },
          `${ref.text}: secret references are only resolved in targets[].connection and evidence.signing_key`,
        );
      }
    }
  });
  const key = str(obj(obj(src.data)["evidence"])["signing_key"]);
  if (key !== undefined && !/^\$\{(env|file):[^}]+\}$/.test(key)) {
    ctx.problems.error(
      { src, path: ["evidence", "signing_key"] },
      "signing_key must be a ${file:PATH} or ${env:NAME} reference: a private key is a secret",
    );
  }
}

/**
 * True under a misspelt `connection`/`signing_key` key (`conection:`): the schema already reports
 * the key with "did you mean"; a second error about the references inside it would only mislead.
 */
function underMisspeltSecretPlace(path: Path): boolean {
  return path.some((k) => typeof k === "string" && !SECRET_PLACE_KEYS.includes(k) && suggest(k, SECRET_PLACE_KEYS));
}
const SECRET_PLACE_KEYS = ["connection", "signing_key"];

export function buildSettings(src: Source | undefined, baseDir: string): RunSettings {
  const data = obj(src?.data);
  const evidence = obj(data["evidence"]);
  const run = obj(data["run"]);
  const num = (v: unknown, d: number): number => (typeof v === "number" && v > 0 ? v : d);
  const signingKey = str(evidence["signing_key"]);
  const limits = buildLimits(run["limits"]);
  return {
    evidenceDir: resolve(baseDir, str(evidence["dir"]) ?? "evidence"),
    reportsDir: resolve(baseDir, str(obj(data["reports"])["dir"]) ?? "reports"),
    ...(signingKey !== undefined ? { signingKey } : {}),
    concurrency: { global: num(run["concurrency"], 8), perTarget: num(run["per_target_concurrency"], 2) },
    timeoutMs: Math.round(num(run["timeout_seconds"], 30) * 1000),
    ...(limits.length > 0 ? { limits } : {}),
  };
}

/** `run.limits` as typed limits; entries the schema rejects are skipped (already reported). */
function buildLimits(v: unknown): GroupLimit[] {
  return list(v).flatMap((raw): GroupLimit[] => {
    const l = obj(raw);
    const tag = str(l["tag"]);
    const group = str(l["group"]);
    const scope = l["per"] === "host" ? { per: "host" as const } : tag ? { tag } : group ? { group } : undefined;
    const concurrency = typeof l["concurrency"] === "number" ? l["concurrency"] : undefined;
    const rate = typeof l["rate_per_second"] === "number" ? l["rate_per_second"] : undefined;
    if (!scope || (concurrency === undefined && rate === undefined)) return [];
    return [
      {
        scope,
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(rate !== undefined ? { ratePerSecond: rate } : {}),
      },
    ];
  });
}

/** The references listed under a project key (with the path of each entry), or the defaults. */
export function refList(src: Source, key: string, defaults: readonly string[]): { ref: string; at: Locus }[] {
  const value = obj(src.data)[key];
  if (value === undefined) return defaults.map((ref) => ({ ref, at: { src, path: [] } }));
  // A single string is a schema error, but reading it as a list spares a flood of follow-on errors.
  if (typeof value === "string") return [{ ref: value, at: { src, path: [key] } }];
  return list(value).flatMap((v, i) =>
    typeof v === "string" ? [{ ref: v, at: { src, path: [key, i] as Path } }] : [],
  );
}
