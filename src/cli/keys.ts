/**
 * @module `assay keys generate` (a signing key pair as JWK files, private 0600, public shareable)
 * and `assay keys rotate` (a new pair; the rotation is recorded in the evidence chain, signed by
 * the old key; the old private key is retired; the key history JWKS is rewritten).
 */
import { existsSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { AssayError } from "../errors.js";
import { EXIT } from "./exit.js";
import {
  assertPrivateFileMode,
  generateSigningKeys,
  isSigningAlg,
  keyHistoryOf,
  loadSigningKeyRef,
  PRIVATE_KEY_FILE,
  PROJECT_KEY_DIR,
  PUBLIC_KEY_FILE,
  signingKeyFromJwkText,
  writeJwkFile,
  writeKeyFiles,
  writeKeyRotation,
  type SigningKey,
} from "../evidence/index.js";
import { projectStores, type StoreOptions } from "./stores.js";

/** The key history beside the public key: every key with `valid_from` / `retired_at`. */
export const KEY_HISTORY_FILE = "assay-keys.jwks";

export interface KeysGenerateOptions {
  readonly alg: string;
  readonly out: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

function badAlg(cmd: string, alg: string): number {
  process.stderr.write(`assay keys ${cmd}: --alg must be EdDSA (Ed25519, the default) or ES256 (P-256), not ${alg}\n`);
  return EXIT.invalid;
}

export async function keysGenerate(opts: KeysGenerateOptions): Promise<number> {
  if (!isSigningAlg(opts.alg)) return badAlg("generate", opts.alg);
  const keys = await generateSigningKeys(opts.alg);
  const { privatePath, publicPath } = await writeKeyFiles(opts.out, keys, opts.force === true);
  const kid = String(keys.publicJwk.kid);
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ keyId: kid, alg: opts.alg, privateKey: resolve(privatePath), publicKey: resolve(publicPath) }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  process.stdout.write(
    `private key ${privatePath} (mode 0600; keep it secret, never commit it)\n` +
      `public key  ${publicPath} (give this to auditors)\n` +
      `key id      ${kid} (${opts.alg})\n\n` +
      `Point the project at it in assay.yaml:\n  evidence: { signing_key: "\${file:${privatePath}}" }\n`,
  );
  return EXIT.ok;
}

export interface KeysRotateOptions extends StoreOptions {
  readonly alg?: string;
  /** Folder for the new key when the current one comes from an environment variable. */
  readonly out?: string;
  readonly json?: boolean;
}

/** Where the project's current private key lives: a file (rotated in place) or an environment variable. */
async function currentKey(
  opts: KeysRotateOptions,
): Promise<{ key: SigningKey; file: string | null; evidenceDir: string }> {
  const stores = await projectStores(opts);
  const ref = stores.signingKeyRef;
  const fileRef = ref === undefined ? null : /^\$\{file:([^}]+)\}$/.exec(ref.trim())?.[1];
  const file =
    ref === undefined
      ? join(stores.projectDir, PROJECT_KEY_DIR, PRIVATE_KEY_FILE)
      : fileRef
        ? resolve(stores.projectDir, fileRef)
        : null;
  if (file !== null) {
    if (!existsSync(file))
      throw new AssayError(`no signing key to rotate: ${file} does not exist (assay keys generate writes one)`, {
        exit: EXIT.invalid,
      });
    assertPrivateFileMode(file);
    return {
      key: await signingKeyFromJwkText(await readFile(file, "utf8"), file),
      file,
      evidenceDir: stores.evidenceDir,
    };
  }
  return { key: await loadSigningKeyRef(ref ?? "", stores.projectDir), file: null, evidenceDir: stores.evidenceDir };
}

export async function keysRotate(opts: KeysRotateOptions): Promise<number> {
  if (opts.alg !== undefined && !isSigningAlg(opts.alg)) return badAlg("rotate", opts.alg);
  const { key: oldKey, file, evidenceDir } = await currentKey(opts);
  if (file === null && opts.out === undefined)
    throw new AssayError(
      "the signing key comes from an environment variable: pass --out <dir> for the new key files, then point the variable at the new private key",
      { exit: EXIT.invalid },
    );
  const keyDir = file !== null ? dirname(file) : resolve(opts.out ?? ".");
  const keys = await generateSigningKeys(isSigningAlg(opts.alg) ? opts.alg : oldKey.alg);
  const newKid = String(keys.publicJwk.kid);
  // The new private key is durable before the chain names it; the old one is retired only after.
  const next = file !== null ? join(keyDir, "assay-next-private.jwk") : join(keyDir, PRIVATE_KEY_FILE);
  await writeJwkFile(next, keys.privateJwk, 0o600);
  let rotationId: string;
  try {
    ({ rotationId } = await writeKeyRotation({ evidenceDir, oldKey, newPublicJwk: keys.publicJwk }));
  } catch (err) {
    await rm(next, { force: true });
    throw err;
  }
  let retired: string | null = null;
  if (file !== null) {
    retired = join(keyDir, `assay-retired-${oldKey.kid.slice(0, 8)}-private.jwk`);
    await rename(file, retired);
    await rename(next, file);
  }
  const publicPath = join(keyDir, PUBLIC_KEY_FILE);
  await writeJwkFile(publicPath, keys.publicJwk, 0o644, true);
  const historyPath = join(keyDir, KEY_HISTORY_FILE);
  await writeFile(historyPath, `${JSON.stringify(await keyHistoryOf(evidenceDir), null, 2)}\n`);
  const result = {
    rotationId,
    retiredKeyId: oldKey.kid,
    newKeyId: newKid,
    alg: keys.privateJwk.alg,
    privateKey: file ?? next,
    publicKey: publicPath,
    retiredPrivateKey: retired,
    keyHistory: historyPath,
    evidenceDir,
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.ok;
  }
  const rel = (p: string): string => relative(process.cwd(), p) || p;
  process.stdout.write(
    `retired key ${oldKey.kid}\nnew key     ${newKid} (${String(keys.privateJwk.alg)})\n` +
      `rotation    ${rotationId}, recorded in ${rel(evidenceDir)} and signed by the retired key\n` +
      `private key ${rel(file ?? next)} (mode 0600)\npublic key  ${rel(publicPath)}\nkey history ${rel(historyPath)} (give it to auditors: assay verify --jwks ${rel(historyPath)})\n` +
      (retired !== null
        ? `The retired private key was kept as ${rel(retired)}: it can no longer sign runs; destroy it once you no longer need it.\n`
        : `Point the environment variable that held the old key at ${rel(next)}.\n`),
  );
  return EXIT.ok;
}
