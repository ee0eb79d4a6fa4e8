/**
 * @module Certificates made by the `openssl` command line, not by Assay's code or its test helpers:
 * an independent producer for the TLS accuracy tests. `openssl ca` is used because it is the one
 * OpenSSL 3.0 command that sets arbitrary validity dates (`-startdate`/`-enddate`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PemPair {
  readonly cert: string;
  readonly key: string;
}

const CONFIG = `[ca]
default_ca = ca_default
[ca_default]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = policy_any
unique_subject = no
[policy_any]
commonName = supplied
[leaf]
basicConstraints = CA:FALSE
subjectAltName = DNS:localhost,IP:127.0.0.1
`;

/** A folder with an OpenSSL CA (P-256, valid 30 days) that issues leaves for localhost/127.0.0.1. */
export class OpensslCa {
  readonly dir = mkdtempSync(join(tmpdir(), "assay-openssl-"));
  readonly ca: PemPair;
  #n = 0;

  constructor() {
    writeFileSync(join(this.dir, "ca.cnf"), CONFIG);
    writeFileSync(join(this.dir, "index.txt"), "");
    writeFileSync(join(this.dir, "serial"), "1000\n");
    const ca = ["-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=OpenSSL Test CA", "-days", "30"];
    this.#exec(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", ...ca]);
    this.ca = { cert: this.#read("ca.pem"), key: this.#read("ca.key") };
  }

  /** A leaf (RSA 2048) valid between the given UTC times (`YYYYMMDDHHMMSSZ`), issued by this CA or by itself. */
  leaf(opts: { readonly start: string; readonly end: string; readonly selfSigned?: boolean }): PemPair {
    const n = `leaf${++this.#n}`;
    this.#exec([
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-keyout",
      `${n}.key`,
      "-out",
      `${n}.csr`,
      "-subj",
      "/CN=localhost",
    ]);
    const issuer = opts.selfSigned ? ["-selfsign", "-keyfile", `${n}.key`] : ["-cert", "ca.pem", "-keyfile", "ca.key"];
    this.#exec([
      "ca",
      "-batch",
      "-config",
      "ca.cnf",
      ...issuer,
      "-in",
      `${n}.csr`,
      "-out",
      `${n}.pem`,
      "-startdate",
      opts.start,
      "-enddate",
      opts.end,
      "-extensions",
      "leaf",
      "-notext",
    ]);
    return { cert: this.#read(`${n}.pem`), key: this.#read(`${n}.key`) };
  }

  #exec(args: readonly string[]): void {
    execFileSync("openssl", args, { cwd: this.dir, stdio: ["ignore", "ignore", "pipe"] });
  }

  #read(name: string): string {
    return readFileSync(join(this.dir, name), "utf8");
  }
}

/** `YYYYMMDDHHMMSSZ` for a date `days` from now (negative: in the past). */
export function asn1Time(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";
}
