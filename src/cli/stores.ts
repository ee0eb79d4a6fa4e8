/**
 * @module Where a project keeps its evidence and reports, for the commands that read stored runs
 * (`runs list`, `report`, `diff`, `evidence show`, `verify`): `--evidence` when given, else the
 * project file's `evidence.dir` / `reports.dir` (relative to that file), else `evidence/` and
 * `reports/` in the working directory when there is no project file.
 */
import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import { AssayError, EXIT } from "../errors.js";

export interface StoreOptions {
  /** `-p/--project`; undefined means `assay.yaml` if it exists. */
  readonly project?: string;
  /** `--evidence`: overrides the project's evidence folder. */
  readonly evidence?: string;
}

export interface ProjectStores {
  readonly evidenceDir: string;
  readonly reportsDir: string;
  /** The folder of the project file (the working directory without one). */
  readonly projectDir: string;
  /** `evidence.signing_key` as written (a secret reference), if any. */
  readonly signingKeyRef: string | undefined;
}

/** A project file that cannot tell where its stores are: a usage error (exit 2). */
export class StoreOptionError extends AssayError {
  constructor(message: string) {
    super(message, { exit: EXIT.invalid });
  }
}

/** `--key` files (repeatable) as `verifyRun` takes them; none: the key published beside the runs. */
export function trustedKeys(files: readonly string[] | undefined): { publicKey?: readonly string[] } {
  return files !== undefined && files.length > 0 ? { publicKey: files } : {};
}

/** The project file is read only for two keys; `assay check` validates the rest. */
const MAX_PROJECT_BYTES = 4 * 1024 * 1024;

export async function projectStores(o: StoreOptions): Promise<ProjectStores> {
  const file = resolve(o.project ?? "assay.yaml");
  let data: Record<string, unknown> | undefined;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new StoreOptionError(`project file ${file} is not a regular file`);
    if (s.size > MAX_PROJECT_BYTES) throw new StoreOptionError(`project file ${file} is larger than 4 MiB`);
    const parsed: unknown = parse(await readFile(file, "utf8"), { maxAliasCount: 100 });
    data = parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch (err) {
    if (err instanceof StoreOptionError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && o.project === undefined) data = undefined;
    else if (code === "ENOENT") throw new StoreOptionError(`project file ${file} does not exist`);
    else
      throw new StoreOptionError(
        `project file ${file} cannot be read (${code ?? "not valid YAML"}); assay check says why`,
      );
  }
  const base = data ? dirname(file) : process.cwd();
  const dirOf = (key: string, fallback: string): string => {
    const section = data?.[key];
    const dir = section && typeof section === "object" ? (section as Record<string, unknown>)["dir"] : undefined;
    return resolve(base, typeof dir === "string" && dir !== "" ? dir : fallback);
  };
  const evidence = data?.["evidence"];
  const ref =
    evidence && typeof evidence === "object" ? (evidence as Record<string, unknown>)["signing_key"] : undefined;
  return {
    evidenceDir: o.evidence !== undefined ? resolve(o.evidence) : dirOf("evidence", "evidence"),
    reportsDir: dirOf("reports", "reports"),
    projectDir: base,
    signingKeyRef: typeof ref === "string" ? ref : undefined,
  };
}
