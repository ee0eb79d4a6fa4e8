/**
 * @module `loadSpec`: read the project file and everything it names, validate it all in one pass
 * (schemas, then cross-references) and return the AuditSpec, or every problem with `file:line:col`.
 * Nothing here touches a target.
 */
import { dirname, join, resolve } from "node:path";
import type { AuditSpec, Mapping } from "../model/spec.js";
import { buildFrameworks, checkCitations, warnUncitedChecks } from "./catalogs.js";
import { buildChecks } from "./checks.js";
import { LoadContext, obj, str, type LoadOptions } from "./context.js";
import { loadInventory } from "./inventory.js";
import { buildMapping } from "./mappings.js";
import type { Locus, Problem } from "./problems.js";
import { preflightProject } from "./preflight.js";
import { loadProfile } from "./profile.js";
import { buildSettings, buildTargets, checkProjectRefs, refList } from "./project.js";
import {
  CONTROLS_DIR,
  DEFAULT_CATALOGS,
  DEFAULT_CHECKS,
  DEFAULT_PROFILE,
  expandFolder,
  isDirectory,
  resolveRef,
  type RefKind,
} from "./resolve.js";
import type { Source } from "./source.js";
import { buildWaivers } from "./waivers.js";
import { buildApplicability, buildAttestations, expandAttestationRefs } from "./attestations.js";
import type { Attestation, Requirement } from "../model/spec.js";

export type LoadResult =
  | { readonly ok: true; readonly spec: AuditSpec; readonly warnings: Problem[] }
  | { readonly ok: false; readonly problems: Problem[]; readonly warnings: Problem[] };

export async function loadSpec(projectFile: string, options: LoadOptions = {}): Promise<LoadResult> {
  const file = resolve(projectFile);
  const baseDir = dirname(file);
  const ctx = new LoadContext(baseDir, options);
  const project = await ctx.open(file, "project", { file, line: 1, col: 1 });
  if (project?.data !== undefined) {
    checkProjectRefs(project, ctx);
    if (options.preflight) preflightProject(project, ctx, options.preflight);
  }
  const data = obj(project?.data);
  const refs = (key: string, defaults: readonly string[]): { ref: string; at: Locus }[] =>
    project ? refList(project, key, defaults) : defaults.map((ref) => ({ ref, at: { file, line: 1, col: 1 } }));

  const profileRef =
    options.profile !== undefined
      ? { file: resolveRef("profile", options.profile, process.cwd()), at: { file, line: 1, col: 1 } as Locus }
      : profileFrom(project, baseDir, file);
  const waiversRef = str(data["waivers"]);
  const [catalogs, checkFiles, profile, mappingFiles, waivers] = await Promise.all([
    openAll(refs("catalogs", DEFAULT_CATALOGS), "catalog", baseDir, ctx),
    openAll(refs("checks", DEFAULT_CHECKS), "checks", baseDir, ctx),
    loadProfile(profileRef.file, profileRef.at, ctx),
    "mappings" in data
      ? openAll(refs("mappings", []), "mapping", baseDir, ctx)
      : openAll(
          [{ ref: join(CONTROLS_DIR, "mappings"), at: { file, line: 1, col: 1 } }],
          "mapping",
          baseDir,
          ctx,
          true,
        ),
    project && waiversRef !== undefined
      ? ctx.open(resolve(baseDir, waiversRef), "waivers", { src: project, path: ["waivers"] })
      : undefined,
  ]);

  const inventory = project ? await loadInventory(project, ctx) : [];
  const index = buildFrameworks(catalogs, ctx);
  const seen = new Map<string, Locus>();
  const targets = project ? buildTargets(project, ctx, seen) : [];
  for (const src of inventory) targets.push(...buildTargets(src, ctx, seen));
  const checks = buildChecks(checkFiles, profile, { targets, project }, ctx);
  checkCitations(index, new Set(checks.keys()), ctx);
  warnUncitedChecks(index, checkFiles, ctx);
  const implicitMappings = !("mappings" in data);
  const mappings: Mapping[] = [];
  for (const src of mappingFiles) {
    const m = buildMapping(src, index, implicitMappings, ctx);
    if (m) mappings.push(m);
    else ctx.inputs.delete(src.file);
  }
  const today = (options.now ?? (() => new Date()))().toISOString().slice(0, 10);
  const controls = new Set([...index.requirements.keys(), ...checks.keys()]);
  const waiverList =
    waivers?.data !== undefined
      ? buildWaivers(waivers, { controls, targets: new Set(targets.map((t) => t.id)), today }, ctx)
      : [];

  const attestationFiles = project
    ? await expandAttestationRefs(refList(project, "attestations", []), baseDir, ctx)
    : [];
  const attestationSources = await Promise.all(attestationFiles.map((f) => ctx.open(f.file, "attestations", f.at)));
  const requirements = new Map<string, { requirement: Requirement; mandatory: boolean }>();
  const citing = new Map<string, Requirement[]>([...checks.keys()].map((c) => [c, []]));
  for (const f of index.frameworks)
    for (const g of f.groups)
      for (const r of g.requirements) {
        requirements.set(r.id, { requirement: r, mandatory: g.mandatory === true });
        for (const c of r.checks) citing.get(c)?.push(r);
      }
  const attestations: Attestation[] = [];
  for (const src of attestationSources) {
    if (src?.data === undefined) continue;
    const scope = { requirements, checks: citing, targets: new Set(targets.map((t) => t.id)), projectDir: baseDir };
    attestations.push(...(await buildAttestations(src, scope, ctx)));
  }
  const { applicability, owners } = project
    ? buildApplicability(project, index.frameworks, ctx)
    : { applicability: new Map(), owners: {} };
  const signoff = obj(data["signoff"]);

  const warnings = ctx.problems.list("warning");
  if (ctx.problems.errorCount > 0 || !profile) {
    return { ok: false, problems: ctx.problems.list("error"), warnings };
  }
  const spec: AuditSpec = {
    projectFile: file,
    projectName: str(obj(data["project"])["name"]) ?? "",
    frameworks: index.frameworks,
    checks,
    profile,
    mappings,
    waivers: waiverList,
    attestations,
    applicability,
    owners,
    ...(typeof signoff["assessor"] === "string" && typeof signoff["scope"] === "string"
      ? { signoff: { assessor: signoff["assessor"], scope: signoff["scope"] } }
      : {}),
    targets,
    inputs: ctx.inputs,
    settings: buildSettings(project, baseDir),
  };
  return { ok: true, spec, warnings };
}

function profileFrom(project: Source | undefined, baseDir: string, file: string): { file: string; at: Locus } {
  const ref = str(obj(project?.data)["profile"]);
  if (project && ref !== undefined)
    return { file: resolveRef("profile", ref, baseDir), at: { src: project, path: ["profile"] } };
  return { file: resolveRef("profile", DEFAULT_PROFILE, baseDir), at: { file, line: 1, col: 1 } };
}

/** Open every referenced file (folders expand to their YAML files), each once, in order. */
async function openAll(
  refs: readonly { ref: string; at: Locus }[],
  kind: RefKind,
  baseDir: string,
  ctx: LoadContext,
  optional = false,
): Promise<Source[]> {
  const files: { file: string; at: Locus }[] = [];
  for (const { ref, at } of refs) {
    const path = resolveRef(kind, ref, baseDir);
    if (await isDirectory(path)) files.push(...(await expandFolder(path)).map((f) => ({ file: f, at })));
    else if (!optional) files.push({ file: path, at });
  }
  const unique = [...new Map(files.map((f) => [f.file, f])).values()];
  const sources = await Promise.all(unique.map((f) => ctx.open(f.file, kind, f.at)));
  return sources.filter((s): s is Source => s !== undefined && s.data !== undefined);
}
