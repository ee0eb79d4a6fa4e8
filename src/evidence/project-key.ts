/**
 * @module Finding the signing key of a project. `evidence.signing_key` is a secret reference
 * (`${file:…}` or `${env:…}`) resolved with the shared secret resolver. Without one, Assay still
 * signs: it uses (or creates on first run) a project key under `.assay/keys/` and says so, so
 * evidence is never written unsigned.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { AuditSpec } from "../model/spec.js";
import { defaultSecretPorts, Redactor, resolveSecrets, type SecretPorts } from "../targets/secrets.js";
import { EvidenceError } from "./canonical.js";
import { assertPrivateFileMode, generateSigningKeys, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, signingKeyFromJwkText, writeKeyFiles, type SigningKey } from "./keys.js";
import { readFile } from "node:fs/promises";

/** Where an unconfigured project keeps its generated key, relative to the project file. */
export const PROJECT_KEY_DIR = ".assay/keys";

export interface ResolvedSigningKey {
  readonly key: SigningKey;
  /** A sentence for the user when a key was generated (the CLI prints it). */
  readonly notice?: string;
}

/** Loads the key named by a secret reference; a `${file:…}` key must be private to its owner. */
export async function loadSigningKeyRef(ref: string, baseDir: string, ports: SecretPorts = defaultSecretPorts(baseDir)): Promise<SigningKey> {
  const file = /^\$\{file:([^}]+)\}$/.exec(ref.trim());
  if (file?.[1] !== undefined) {
    const path = resolve(baseDir, file[1]);
    if (existsSync(path)) assertPrivateFileMode(path);
  } else if (!/^\$\{env:[^}]+\}$/.test(ref.trim())) {
    throw new EvidenceError(`evidence.signing_key must be a secret reference such as \${file:keys/${PRIVATE_KEY_FILE}} or \${env:ASSAY_SIGNING_KEY}, not a literal`);
  }
  const text = resolveSecrets(ref, ports, new Redactor());
  return signingKeyFromJwkText(text, ref);
}

/** The project's signing key: the configured reference, else `.assay/keys/` (created on first use). */
export async function resolveSigningKey(spec: AuditSpec, ports?: SecretPorts): Promise<ResolvedSigningKey> {
  const baseDir = dirname(resolve(spec.projectFile));
  if (spec.settings.signingKey !== undefined) return { key: await loadSigningKeyRef(spec.settings.signingKey, baseDir, ports) };
  const dir = join(baseDir, PROJECT_KEY_DIR);
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  if (existsSync(privatePath)) {
    assertPrivateFileMode(privatePath);
    return { key: await signingKeyFromJwkText(await readFile(privatePath, "utf8"), privatePath) };
  }
  const keys = await generateSigningKeys("EdDSA");
  await writeKeyFiles(dir, keys);
  const key = await signingKeyFromJwkText(JSON.stringify(keys.privateJwk), privatePath);
  return {
    key,
    notice:
      `no evidence.signing_key configured: generated a project signing key in ${join(PROJECT_KEY_DIR, PRIVATE_KEY_FILE)} (key id ${key.kid}). ` +
      `Keep it out of version control; give auditors ${join(PROJECT_KEY_DIR, PUBLIC_KEY_FILE)}.`,
  };
}
