/**
 * @module The precompiled validators: ajv standalone code the build writes for every schema it knows
 * (`dist/schema/validators/<key>.cjs`, see `src/catalog/prebuild.ts`), loaded by key when first
 * needed. The CLI bundle also holds the ones every `assay check` runs (the project file's and the
 * connections'), so they are in V8's code cache: `scripts/bundle-cli.ts` fills `BUNDLED` there.
 * From `src/` there are none.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject } from "ajv/dist/2020.js";

export type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The folder of precompiled validators, beside this module. */
export const VALIDATORS_DIR = "validators";

const BUNDLED: Readonly<Record<string, () => Validator>> = {};

const require = createRequire(import.meta.url);
let present: boolean | undefined;

/** The validator precompiled for the schema with this key (`schemaKey`), if the build wrote one. */
export function precompiledValidator(key: string): Validator | undefined {
  const bundled = Object.hasOwn(BUNDLED, key) ? BUNDLED[key] : undefined;
  if (bundled) return bundled();
  present ??= existsSync(new URL(`./${VALIDATORS_DIR}/`, import.meta.url));
  if (!present) return undefined;
  try {
    return require(`./${VALIDATORS_DIR}/${key}.cjs`) as Validator;
  } catch {
    return undefined; // not precompiled (a project's own probe schema, or one ajv rejected at build)
  }
}
