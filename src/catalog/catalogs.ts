/** @module Framework catalogs → Framework values, with duplicate ids and check citations checked. */
import { sep } from "node:path";
import {
  REVIEW_FREQUENCIES,
  type Framework,
  type Requirement,
  type RequirementGroup,
  type Review,
} from "../model/spec.js";
import { SEVERITIES, type Severity } from "../model/status.js";
import { list, obj, str, strs, type LoadContext } from "./context.js";
import type { Locus } from "./problems.js";
import { CONTROLS_DIR } from "./resolve.js";
import { positionOf, type Source } from "./source.js";
import { didYouMean } from "../schema/suggest.js";

export interface CatalogIndex {
  readonly frameworks: Framework[];
  /** Requirement id → its framework id. */
  readonly requirements: Map<string, string>;
  /** Where each requirement was declared, for citations. */
  readonly cited: { readonly requirement: Requirement; readonly src: Source; readonly index: readonly number[] }[];
}

/** Build every catalog; ids that repeat (frameworks, groups, requirements) are errors at the repeat. */
export function buildFrameworks(sources: readonly Source[], ctx: LoadContext): CatalogIndex {
  const index: CatalogIndex = { frameworks: [], requirements: new Map(), cited: [] };
  const seen = {
    framework: new Map<string, Locus>(),
    group: new Map<string, Locus>(),
    requirement: new Map<string, Locus>(),
  };
  const unique = (what: keyof typeof seen, id: string, at: Locus): boolean => {
    const first = seen[what].get(id);
    if (first) ctx.problems.error(at, `duplicate ${what} id "${id}" (first defined at ${ctx.problems.where(first)})`);
    else seen[what].set(id, at);
    return !first;
  };
  for (const src of sources) {
    const root = obj(src.data);
    const fw = obj(root["framework"]);
    const frameworkId = str(fw["id"]) ?? "";
    if (frameworkId && !unique("framework", frameworkId, { src, path: ["framework", "id"] })) continue;
    const groups: RequirementGroup[] = [];
    list(root["groups"]).forEach((g, gi) => {
      const group = obj(g);
      const groupId = str(group["id"]) ?? "";
      if (groupId) unique("group", groupId, { src, path: ["groups", gi, "id"] });
      const groupReview = review(group["review"]);
      const requirements: Requirement[] = [];
      list(group["requirements"]).forEach((r, ri) => {
        const req = obj(r);
        const id = str(req["id"]);
        if (!id || !unique("requirement", id, { src, path: ["groups", gi, "requirements", ri, "id"] })) return;
        const manual = obj(req["manual"]);
        const severity = str(req["severity"]);
        const reqReview = review(req["review"]) ?? groupReview;
        const requirement: Requirement = {
          id,
          frameworkId,
          groupId,
          label: str(req["label"]) ?? id,
          title: str(req["title"]) ?? "",
          description: str(req["description"]) ?? "",
          severity: SEVERITIES.includes(severity as Severity) ? (severity as Severity) : "medium",
          checks: strs(req["checks"]),
          ...("manual" in req ? { manual: { evidence: strs(manual["evidence"]) } } : {}),
          ...(reqReview ? { review: reqReview } : {}),
          source: { file: src.file, ...positionOf(src, ["groups", gi, "requirements", ri], "value") },
        };
        requirements.push(requirement);
        index.requirements.set(id, frameworkId);
        index.cited.push({ requirement, src, index: [gi, ri] });
      });
      groups.push({
        id: groupId,
        title: str(group["title"]) ?? groupId,
        ...(group["mandatory"] === true ? { mandatory: true as const } : {}),
        requirements,
      });
    });
    index.frameworks.push({
      id: frameworkId,
      title: str(fw["title"]) ?? frameworkId,
      version: str(fw["version"]) ?? "",
      file: src.file,
      groups,
    });
  }
  return index;
}

function review(v: unknown): Review | undefined {
  const r = obj(v);
  const every = REVIEW_FREQUENCIES.find((f) => f === r["every"]);
  return every ? { every, why: str(r["why"]) ?? "" } : undefined;
}

/** Every requirement cites existing checks, and has checks or manual evidence. */
export function checkCitations(index: CatalogIndex, checkIds: ReadonlySet<string>, ctx: LoadContext): void {
  for (const {
    requirement,
    src,
    index: [gi = 0, ri = 0],
  } of index.cited) {
    const base = ["groups", gi, "requirements", ri];
    if (requirement.checks.length === 0 && !requirement.manual) {
      ctx.problems.error(
        { src, path: [...base, "id"] },
        `requirement "${requirement.id}" has neither checks nor manual evidence; add "checks" or "manual"`,
      );
    }
    if (ctx.incomplete.has("checks")) continue;
    requirement.checks.forEach((c, ci) => {
      if (!checkIds.has(c))
        ctx.problems.error(
          { src, path: [...base, "checks", ci] },
          `requirement "${requirement.id}" cites unknown check "${c}"${didYouMean(c, checkIds)}`,
        );
    });
  }
}

/**
 * A check that no loaded requirement cites never runs. Warn about those in the project's own check
 * files (shipped ones are kept cited by a test; a project loading one framework leaves others' alone).
 */
export function warnUncitedChecks(index: CatalogIndex, checkFiles: readonly Source[], ctx: LoadContext): void {
  if (ctx.incomplete.has("catalog")) return;
  const cited = new Set(index.cited.flatMap((c) => c.requirement.checks));
  for (const src of checkFiles) {
    if (src.file.startsWith(CONTROLS_DIR + sep)) continue;
    list(obj(src.data)["checks"]).forEach((c, i) => {
      const id = str(obj(c)["id"]);
      if (id !== undefined && !cited.has(id))
        ctx.problems.warn(
          { src, path: ["checks", i, "id"] },
          `check "${id}" is cited by no requirement of the loaded catalogs, so it never runs; add it to a requirement's "checks" or remove it`,
        );
    });
  }
}
