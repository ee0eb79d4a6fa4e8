/** @module Registration of `assay keys`: the evidence signing keys (generate, rotate). */
import { type Command, Option } from "commander";
import { SIGNING_ALGS } from "../../model/evidence.js";
import { examples, exitWith, storeOptions } from "./options.js";

export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("Manage evidence signing keys.");
  const generate = keys
    .command("generate")
    .description("Write a signing key pair: assay-private.jwk (mode 0600) and assay-public.jwk.")
    .addOption(new Option("--alg <alg>", "EdDSA (Ed25519) or ES256 (P-256)").choices(SIGNING_ALGS).default("EdDSA"))
    .option("--out <dir>", "folder for the key files", "keys")
    .option("--force", "replace existing key files")
    .option("--json", "print the key id and file paths as JSON")
    .action(async (opts: { alg: string; out: string; force?: boolean; json?: boolean }) =>
      exitWith((await import("../keys.js")).keysGenerate(opts)),
    );
  examples(generate, ["assay keys generate", "assay keys generate --alg ES256 --out ~/.config/assay"]);

  const rotate = keys
    .command("rotate")
    .description(
      "Replace the project's signing key: write a new key pair, record the rotation in the evidence chain signed by the old key, retire the old key and rewrite the key history (assay-keys.jwks).",
    );
  storeOptions(rotate, {
    evidence: "evidence folder whose chain records the rotation (default: the project's evidence.dir)",
  })
    .addOption(new Option("--alg <alg>", "algorithm of the new key (default: the old key's)").choices(SIGNING_ALGS))
    .option("--out <dir>", "folder for the new key files when the current key comes from ${env:…}")
    .option("--json", "print the rotation, key ids and file paths as JSON")
    .action(async (opts: { project?: string; evidence?: string; alg?: string; out?: string; json?: boolean }) =>
      exitWith((await import("../keys.js")).keysRotate(opts)),
    );
  examples(rotate, ["assay keys rotate", "assay verify --jwks .assay/keys/assay-keys.jwks"]);
}
