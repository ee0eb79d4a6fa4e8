/** @module `assay keys generate`: a signing key pair as JWK files (private 0600, public shareable). */
import { EXIT } from "./exit.js";
import { generateSigningKeys, isSigningAlg, writeKeyFiles } from "../evidence/index.js";

export interface KeysGenerateOptions {
  readonly alg: string;
  readonly out: string;
  readonly force?: boolean;
}

export async function keysGenerate(opts: KeysGenerateOptions): Promise<number> {
  if (!isSigningAlg(opts.alg)) {
    process.stderr.write(
      `assay keys generate: --alg must be EdDSA (Ed25519, the default) or ES256 (P-256), not ${opts.alg}\n`,
    );
    return EXIT.invalid;
  }
  const keys = await generateSigningKeys(opts.alg);
  const { privatePath, publicPath } = await writeKeyFiles(opts.out, keys, opts.force === true);
  process.stdout.write(
    `private key ${privatePath} (mode 0600; keep it secret, never commit it)\n` +
      `public key  ${publicPath} (give this to auditors)\n` +
      `key id      ${String(keys.publicJwk.kid)} (${opts.alg})\n\n` +
      `Point the project at it in assay.yaml:\n  evidence: { signing_key: "\${file:${privatePath}}" }\n`,
  );
  return EXIT.ok;
}
