/**
 * @module What `assay check` can tell before any target is contacted, as warnings that say where:
 * `${env:…}` variables that are not set, `${file:…}` secrets and file targets that are missing, not
 * regular files or too large, attribute files that do not parse, and paths that leave the project
 * folder (allowed, but a reviewer of the project file should see them). Values are never quoted.
 */
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { parse } from "yaml";
import { DEFAULT_FILE_TARGET_BYTES } from "../targets/file.js";
import { fileKind } from "../targets/read-capped.js";
import { MAX_SECRET_BYTES } from "../targets/secrets.js";
import { list, obj, str, type LoadContext } from "./context.js";
import { eachString, scanRefs } from "./refs.js";
import type { Path, Source } from "./source.js";

export interface PreflightPorts {
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A problem with a file the run will read, or undefined when it is a readable regular file within `max` bytes. */
function fileIssue(abs: string, max: number): string | undefined {
  try {
    const s = statSync(abs);
    if (!s.isFile()) return `is ${fileKind(s)}, not a regular file`;
    if (s.size > max) return `is larger than the ${Math.round(max / 1024)} KiB limit`;
    accessSync(abs, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? "unreadable"})`;
  }
}

export function preflightProject(src: Source, ctx: LoadContext, ports: PreflightPorts): void {
  const data = obj(src.data);
  const warn = (path: Path, message: string): void => ctx.problems.warn({ src, path }, message);
  const where = (i: number): string => str(obj(list(data["targets"])[i])["id"]) ?? `#${i + 1}`;

  // Secret references, where they are resolved (targets[].connection, evidence.signing_key).
  eachString(data, [], (s, path) => {
    const inTarget = path[0] === "targets" && path[2] === "connection";
    if (!inTarget && !(path[0] === "evidence" && path[1] === "signing_key")) return;
    const who = inTarget ? `target ${where(Number(path[1]))}` : "evidence signing";
    for (const ref of scanRefs(s, ["env", "file"]).refs) {
      if (ref.kind === "env") {
        const v = ports.env[ref.name];
        if (v === undefined || v === "")
          warn(path, `${ref.text} is not set in this environment; assay run would fail ${who} with that error`);
      } else if (ref.kind === "file") {
        const issue = fileIssue(resolve(ctx.baseDir, ref.name), MAX_SECRET_BYTES);
        if (issue) warn(path, `${ref.text}: the secret file ${issue}; assay run would fail ${who}`);
      }
    }
  });

  list(data["targets"]).forEach((t, i) => {
    const target = obj(t);
    const connection = obj(target["connection"]);
    const path = str(connection["path"]);
    if (str(target["type"]) === "file" && path !== undefined) {
      const max = typeof connection["max_bytes"] === "number" ? connection["max_bytes"] : DEFAULT_FILE_TARGET_BYTES;
      const issue = fileIssue(resolve(ctx.baseDir, path), max);
      if (issue)
        warn(
          ["targets", i, "connection", "path"],
          `file target ${where(i)}: ${path} ${issue} (from the project folder)`,
        );
    }
    for (const [name, value] of Object.entries(obj(target["attributes"]))) {
      if (typeof value !== "string" || !/\.(ya?ml|json)$/i.test(value.trim())) continue;
      // Probes read attribute files relative to the working directory, as they run.
      const abs = resolve(value.trim());
      const issue = fileIssue(abs, DEFAULT_FILE_TARGET_BYTES);
      if (issue) warn(["targets", i, "attributes", name], `attribute file ${value.trim()} ${issue}`);
      else if (!parses(abs))
        warn(["targets", i, "attributes", name], `attribute file ${value.trim()} is not valid YAML or JSON`);
    }
  });

  // Paths that leave the project folder.
  const outside = (ref: string, path: Path, what: string): void => {
    if (ref.startsWith("assay:") || /^\$\{/.test(ref)) return;
    const abs = resolve(ctx.baseDir, ref);
    const rel = relative(ctx.baseDir, abs);
    if (isAbsolute(ref) || rel.startsWith("..") || isAbsolute(rel))
      warn(path, `${what} ${abs} is outside the project folder`);
  };
  const label = { catalogs: "catalog", checks: "checks", mappings: "mapping" } as const;
  for (const key of ["catalogs", "checks", "mappings"] as const) {
    const v = data[key];
    if (typeof v === "string") outside(v, [key], label[key]);
    else list(v).forEach((r, i) => typeof r === "string" && outside(r, [key, i], label[key]));
  }
  const profile = str(data["profile"]);
  if (profile !== undefined && /[\\/]|\.ya?ml$/.test(profile)) outside(profile, ["profile"], "profile");
  const waivers = str(data["waivers"]);
  if (waivers !== undefined) outside(waivers, ["waivers"], "waivers file");
  const evidence = str(obj(data["evidence"])["dir"]);
  if (evidence !== undefined) outside(evidence, ["evidence", "dir"], "evidence folder");
  const reports = str(obj(data["reports"])["dir"]);
  if (reports !== undefined) outside(reports, ["reports", "dir"], "reports folder");
}

function parses(abs: string): boolean {
  try {
    parse(readFileSync(abs, "utf8"), { maxAliasCount: 100 });
    return true;
  } catch {
    return false;
  }
}
