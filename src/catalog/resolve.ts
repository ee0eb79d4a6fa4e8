/**
 * @module Where input files are: `assay:<name>` names a file shipped under the package's
 * `controls/`, anything else is a path relative to the file that mentions it.
 */
import { readdir, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The package folder (with a trailing slash); the same from `src/catalog` (tsx) and `dist/catalog` (built). */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CONTROLS_DIR = join(PACKAGE_ROOT, "controls");

export type RefKind = "catalog" | "checks" | "profile" | "mapping";

export const DEFAULT_CATALOGS = ["assay:gdpr", "assay:iso27001-2022"] as const;
export const DEFAULT_CHECKS = ["assay:checks"] as const;
export const DEFAULT_PROFILE = "assay:baseline";

const SHIPPED: Record<RefKind, (name: string) => string> = {
  catalog: (n) => join(CONTROLS_DIR, `${n}.yaml`),
  checks: (n) => (n === "checks" ? join(CONTROLS_DIR, "checks") : join(CONTROLS_DIR, "checks", `${n}.yaml`)),
  profile: (n) => join(CONTROLS_DIR, "profiles", `${n}.yaml`),
  mapping: (n) => join(CONTROLS_DIR, "mappings", `${n}.yaml`),
};

/** Absolute path of a reference; a bare profile id (no slash, no extension) means a shipped profile. */
export function resolveRef(kind: RefKind, ref: string, fromDir: string): string {
  if (ref.startsWith("assay:")) return SHIPPED[kind](ref.slice("assay:".length));
  if (kind === "profile" && isBareId(ref)) return SHIPPED.profile(ref);
  return isAbsolute(ref) ? ref : resolve(fromDir, ref);
}

/**
 * A profile's `extends`: `assay:<id>` or a path; a bare id is looked up beside the profile first,
 * then among the shipped profiles.
 */
export async function resolveParentProfile(ref: string, childFile: string): Promise<string> {
  if (!isBareId(ref)) return resolveRef("profile", ref, dirname(childFile));
  const sibling = join(dirname(childFile), `${ref}.yaml`);
  return (await isFile(sibling)) ? sibling : SHIPPED.profile(ref);
}

function isBareId(ref: string): boolean {
  return !ref.includes("/") && !ref.includes("\\") && !/\.ya?ml$/i.test(ref) && !ref.startsWith("assay:");
}

/** The YAML files a checks reference stands for: the file itself, or every `*.yaml`/`*.yml` of a folder (sorted). */
export async function expandFolder(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => join(path, e.name))
    .sort();
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
