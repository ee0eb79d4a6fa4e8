/** @module Registration of `assay keys`: the evidence signing keys. */
import { type Command, Option } from "commander";
import { SIGNING_ALGS } from "../../model/evidence.js";
import { examples, exitWith } from "./options.js";

export function registerKeys(program: Command): void {
  const keys = program
    .command("keys")
    .description("Manage evidence signing keys.")
    .command("generate")
    .description("Write a signing key pair: assay-private.jwk (mode 0600) and assay-public.jwk.")
    .addOption(new Option("--alg <alg>", "EdDSA (Ed25519) or ES256 (P-256)").choices(SIGNING_ALGS).default("EdDSA"))
    .option("--out <dir>", "folder for the key files", "keys")
    .option("--force", "replace existing key files")
    .action(async (opts: { alg: string; out: string; force?: boolean }) =>
      exitWith((await import("../keys.js")).keysGenerate(opts)),
    );
  examples(keys, ["assay keys generate", "assay keys generate --alg ES256 --out ~/.config/assay"]);
}
