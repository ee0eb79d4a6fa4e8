/** @module VERIFY.md: how an auditor checks the package with Assay, and with only openssl or Node. */
import { CHECK_RUN_SCRIPT } from "./check-run-script.js";
import type { PackageManifest } from "./layout.js";

export function verifyMd(m: Omit<PackageManifest, "members">, file: string): string {
  const last = m.runs.at(-1) ?? "";
  return `# Verifying this audit package

Package of **${m.project}** for **${m.period}**: ${m.runs.length} evidence run(s) (${m.runs[0] ?? ""} … ${last}),
their reports, the Statement of Applicability, the attestation documents and the public keys.
Signed by key \`${m.keyId}\` (RFC 7638 thumbprint). Obtain the public key from its owner by
another channel and compare its thumbprint with \`${m.keyId}\` before trusting anything here.

## With Assay

\`\`\`sh
assay verify ${file} --key trusted.jwk
\`\`\`

It checks the package signature, every member's SHA-256 against the signed manifest, that no
member is missing or added, then every run (signature, record hashes, Merkle root), the chain
between the runs and each stored attestation document, and names the first member that fails.

## Without Assay (openssl ≥ 3, coreutils, Node ≥ 18)

Unzip into an empty folder and work there.

**1. The package signature.** \`MANIFEST.jws\` is a compact JWS (EdDSA, Ed25519) whose payload is
exactly \`MANIFEST.json\`:

\`\`\`sh
b64url_decode() { tr '_-' '/+' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' | base64 -d; }
node -e 'const c=require("crypto"),fs=require("fs");const k=JSON.parse(fs.readFileSync(process.argv[1],"utf8"));
fs.writeFileSync("trusted.pem",c.createPublicKey({key:k,format:"jwk"}).export({type:"spki",format:"pem"}))' trusted.jwk
cut -d. -f1,2 MANIFEST.jws | tr -d '\\n' > signing-input
cut -d. -f3 MANIFEST.jws | b64url_decode > signature
openssl pkeyutl -verify -pubin -inkey trusted.pem -rawin -in signing-input -sigfile signature
cut -d. -f2 MANIFEST.jws | b64url_decode | cmp - MANIFEST.json && echo "MANIFEST.json is the signed payload"
\`\`\`

**2. Every member.** \`SHA256SUMS\` lists every member but the two manifest files; its own hash is
in the signed manifest:

\`\`\`sh
sha256sum -c --quiet SHA256SUMS && echo "all members match"
node -e 'const c=require("crypto"),fs=require("fs");const m=JSON.parse(fs.readFileSync("MANIFEST.json"));
let bad=0;for(const e of m.members){const h=c.createHash("sha256").update(fs.readFileSync(e.path)).digest("hex");
if(h!==e.sha256){bad++;console.log("MODIFIED",e.path)}}console.log(bad?bad+" member(s) differ":"all "+m.members.length+" members match the signed manifest");process.exit(bad?1:0)'
\`\`\`

**3. Each evidence run.** Save this script as \`check-run.cjs\` and run it for every
\`evidence/<run>/\` folder in chain order: it checks the signature of \`manifest.jws\` with your
key, that \`manifest.json\` is the signed payload, every record against the signed record index
(\`records/*.jsonl\` with \`records.sha256\`, or \`records/*.json\` with \`SHA256SUMS\` in runs of
evidence format 1), the Merkle root, and the link to the previous run:

\`\`\`js
${CHECK_RUN_SCRIPT}\`\`\`

\`\`\`sh
for run in ${m.runs.map((r) => `evidence/${r}`).join(" ")}; do node check-run.cjs trusted.jwk "$run" || break; done
\`\`\`

Each run's \`previousManifestSha256\` is the SHA-256 of the previous run's \`manifest.jws\`${m.chainStartsAfter ? ` (the first run here follows run ${m.chainStartsAfter}, kept in the project's evidence store)` : ""}. A run signed
after a key rotation verifies with the new key, which the rotation (step 5) introduces.

**4. Attestation documents.** Each \`evidence/documents/<sha256>\` hashes to its own name:

\`\`\`sh
for f in evidence/documents/*; do [ "$(sha256sum < "$f" | cut -d' ' -f1)" = "$(basename "$f")" ] || echo "MODIFIED $f"; done
\`\`\`

**5. Keys.** \`keys/jwks.json\` is the key history: every signing key of the store with
\`valid_from\`, \`retired_at\` once a rotation retired it, and \`valid_until\` (the last signature
this package holds from it). Each key rotation is a folder \`evidence/<id>/\` whose \`rotation.jws\`
is signed by the retired key over \`rotation.json\`, which names the new key: check it as in step 1
with the key you trust, then trust the new key for the runs after it.
`;
}
