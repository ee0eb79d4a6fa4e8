/**
 * @module `assay attest <requirement>`: write or update one attestation from flags, hashing each
 * document and, with `--sign <private.jwk>`, signing it with the attester's own key (JWS with the
 * public key in its header), so an auditor can tell the CISO made the statement, not the pipeline.
 * An existing entry for the same requirement (or check) and targets is replaced; comments stay.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { CompactSign } from "jose";
import { isMap, isSeq, parseDocument, type YAMLMap } from "yaml";
import { ATTESTATION_TYP, attestationSigningBytes } from "../catalog/attestations.js";
import { inputSchema } from "../catalog/schema.js";
import { validate } from "../schema/ajv.js";
import { assertPrivateFileMode, signingKeyFromJwkText } from "../evidence/index.js";
import { EXIT } from "./exit.js";

export interface AttestCliOptions {
  readonly file: string;
  readonly check?: boolean;
  readonly target?: readonly string[];
  readonly status: string;
  readonly statement: string;
  readonly justification?: string;
  readonly name: string;
  readonly role: string;
  readonly email: string;
  readonly date?: string;
  readonly validFor?: string;
  readonly document?: readonly string[];
  readonly url?: readonly string[];
  readonly sign?: string;
  readonly json?: boolean;
}

export async function attestCommand(id: string, opts: AttestCliOptions): Promise<number> {
  const file = resolve(opts.file);
  const documents: Record<string, string>[] = [];
  for (const d of opts.document ?? []) {
    const bytes = await readFile(resolve(d)).catch(() => null);
    if (bytes === null) {
      process.stderr.write(`assay attest: document ${d} cannot be read\n`);
      return EXIT.invalid;
    }
    const path = relative(dirname(file), resolve(d)).split("\\").join("/");
    documents.push({ path, sha256: createHash("sha256").update(bytes).digest("hex") });
  }
  for (const u of opts.url ?? []) {
    const [url, sha256] = u.split("#sha256=");
    if (!url || !sha256) {
      process.stderr.write(`assay attest: --url takes <url>#sha256=<hex>, the hash of the document as attested\n`);
      return EXIT.invalid;
    }
    documents.push({ url, sha256 });
  }
  const entry: Record<string, unknown> = {
    [opts.check ? "check" : "requirement"]: id,
    ...(opts.target && opts.target.length > 0 ? { targets: [...opts.target] } : {}),
    status: opts.status,
    ...(opts.justification !== undefined ? { justification: opts.justification } : {}),
    statement: opts.statement,
    attester: { name: opts.name, role: opts.role, email: opts.email },
    date: opts.date ?? new Date().toISOString().slice(0, 10),
    ...(opts.validFor !== undefined ? { valid_for: opts.validFor } : {}),
    ...(documents.length > 0 ? { documents } : {}),
  };
  if (opts.sign !== undefined) {
    assertPrivateFileMode(opts.sign);
    const key = await signingKeyFromJwkText(await readFile(opts.sign, "utf8"), opts.sign);
    const { kid: _kid, ...jwk } = key.publicJwk;
    entry["signature"] = await new CompactSign(attestationSigningBytes(entry))
      .setProtectedHeader({ alg: key.alg, typ: ATTESTATION_TYP, jwk })
      .sign(key.privateKey);
  }
  const issues = validate(inputSchema("attestations"), { attestations: [entry] });
  if (issues.length > 0) {
    for (const i of issues)
      process.stderr.write(`assay attest: ${i.path.slice(2).join(".") || "entry"}: ${i.message}\n`);
    return EXIT.invalid;
  }
  const text = await readFile(file, "utf8").catch(() => "attestations: []\n");
  const doc = parseDocument(text);
  let list = doc.get("attestations");
  if (!isSeq(list)) {
    doc.set("attestations", doc.createNode([]));
    list = doc.get("attestations");
  }
  if (!isSeq(list)) return EXIT.incomplete;
  const key = opts.check ? "check" : "requirement";
  const sameTargets = (m: YAMLMap): boolean =>
    JSON.stringify((m.toJSON() as { targets?: string[] }).targets ?? null) ===
    JSON.stringify(opts.target?.length ? opts.target : null);
  const at = list.items.findIndex((m) => isMap(m) && m.get(key) === id && sameTargets(m));
  const node = doc.createNode(entry);
  if (at >= 0) list.items[at] = node;
  else list.items.push(node);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, doc.toString({ lineWidth: 0 }));
  const action = at >= 0 ? "updated" : "added";
  const shown = relative(process.cwd(), file) || file;
  if (opts.json) {
    const out = { action, file: shown, kind: key, id, signed: opts.sign !== undefined, attestation: entry };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else
    process.stdout.write(`${action} the attestation of ${id} in ${shown}${opts.sign ? " (signed)" : " (unsigned)"}\n`);
  return EXIT.ok;
}
