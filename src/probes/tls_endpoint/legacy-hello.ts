/**
 * @module Hand-built ClientHellos for what Node's OpenSSL 3 can no longer offer: SSL 3.0 and the
 * RC4, DES/3DES and EXPORT suites (built without weak-ssl-ciphers). Only the ServerHello is read —
 * which version and suite the server picked — then the socket is closed; no key exchange happens.
 */
import { isIP } from "node:net";
import { randomBytes } from "node:crypto";
import net from "node:net";

/** IANA code → standard name, for the families the local OpenSSL cannot speak. */
export const LEGACY_SUITES: ReadonlyMap<
  number,
  { readonly name: string; readonly family: "RC4" | "3DES" | "DES" | "EXPORT" }
> = new Map([
  [0x0004, { name: "TLS_RSA_WITH_RC4_128_MD5", family: "RC4" }],
  [0x0005, { name: "TLS_RSA_WITH_RC4_128_SHA", family: "RC4" }],
  [0xc007, { name: "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", family: "RC4" }],
  [0xc011, { name: "TLS_ECDHE_RSA_WITH_RC4_128_SHA", family: "RC4" }],
  [0x000a, { name: "TLS_RSA_WITH_3DES_EDE_CBC_SHA", family: "3DES" }],
  [0x0013, { name: "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", family: "3DES" }],
  [0x0016, { name: "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", family: "3DES" }],
  [0xc008, { name: "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", family: "3DES" }],
  [0xc012, { name: "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", family: "3DES" }],
  [0x0009, { name: "TLS_RSA_WITH_DES_CBC_SHA", family: "DES" }],
  [0x0012, { name: "TLS_DHE_DSS_WITH_DES_CBC_SHA", family: "DES" }],
  [0x0015, { name: "TLS_DHE_RSA_WITH_DES_CBC_SHA", family: "DES" }],
  [0x0003, { name: "TLS_RSA_EXPORT_WITH_RC4_40_MD5", family: "EXPORT" }],
  [0x0006, { name: "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", family: "EXPORT" }],
  [0x0008, { name: "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", family: "EXPORT" }],
  [0x0011, { name: "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", family: "EXPORT" }],
  [0x0014, { name: "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", family: "EXPORT" }],
  [0x0062, { name: "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", family: "EXPORT" }],
  [0x0064, { name: "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA", family: "EXPORT" }],
]);

/** Suites an SSL 3.0 server would plausibly accept (AES-CBC plus the legacy ones). */
const SSL3_SUITES = [0x002f, 0x0035, 0x0033, 0x0039, ...LEGACY_SUITES.keys()];

const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const ext = (type: number, body: Buffer): Buffer => Buffer.concat([u16(type), u16(body.length), body]);

export function clientHello(version: number, suites: readonly number[], servername: string | undefined): Buffer {
  const exts: Buffer[] = [];
  if (version >= 0x0301) {
    if (servername) {
      const name = Buffer.from(servername, "ascii");
      exts.push(ext(0x0000, Buffer.concat([u16(name.length + 3), Buffer.from([0]), u16(name.length), name])));
    }
    exts.push(ext(0x000a, Buffer.concat([u16(6), u16(0x001d), u16(0x0017), u16(0x0018)]))); // x25519, P-256, P-384
    exts.push(ext(0x000b, Buffer.from([1, 0]))); // uncompressed points
    const sigs = [0x0401, 0x0501, 0x0403, 0x0804, 0x0201, 0x0203];
    exts.push(ext(0x000d, Buffer.concat([u16(sigs.length * 2), ...sigs.map(u16)])));
    exts.push(ext(0xff01, Buffer.from([0]))); // renegotiation_info
  }
  const extBlock = exts.length > 0 ? Buffer.concat([u16(Buffer.concat(exts).length), ...exts]) : Buffer.alloc(0);
  const body = Buffer.concat([
    u16(version),
    randomBytes(32),
    Buffer.from([0]),
    u16(suites.length * 2),
    ...suites.map(u16),
    Buffer.from([1, 0]),
    extBlock,
  ]);
  const hs = Buffer.concat([Buffer.from([0x01, 0, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, version === 0x0300 ? 0x00 : 0x01]), u16(hs.length), hs]);
}

export type HelloAnswer =
  | { readonly kind: "accepted"; readonly version: number; readonly suite: number }
  | { readonly kind: "refused"; readonly reason: string }
  | { readonly kind: "unreachable"; readonly reason: string };

/** Parse the first bytes a server sent back: a ServerHello, an alert, or something else. */
export function parseServerHello(buf: Buffer): HelloAnswer | undefined {
  if (buf.length < 5) return undefined;
  const type = buf[0];
  if (type === 0x15) return { kind: "refused", reason: `alert ${buf[6] ?? "?"}` };
  if (type !== 0x16) return { kind: "refused", reason: "not a TLS answer" };
  // record(5) + handshake header(4) + version(2) + random(32) + session id length(1)
  if (buf.length < 44) return undefined;
  if (buf[5] !== 0x02) return { kind: "refused", reason: "no ServerHello" };
  const sidLen = buf[43] ?? 0;
  if (buf.length < 44 + sidLen + 2) return undefined;
  return { kind: "accepted", version: buf.readUInt16BE(9), suite: buf.readUInt16BE(44 + sidLen) };
}

export interface HelloTarget {
  readonly host: string;
  readonly port: number;
  readonly servername: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export function sendHello(t: HelloTarget, version: number, suites: readonly number[]): Promise<HelloAnswer> {
  const sni = isIP(t.servername) !== 0 ? undefined : t.servername;
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const socket = net.connect({ host: t.host, port: t.port });
    const done = (a: HelloAnswer): void => {
      clearTimeout(timer);
      t.signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(a);
    };
    const onAbort = (): void => done({ kind: "unreachable", reason: "aborted" });
    const timer = setTimeout(
      () => done({ kind: "unreachable", reason: `no answer within ${t.timeoutMs} ms` }),
      t.timeoutMs,
    );
    t.signal.addEventListener("abort", onAbort, { once: true });
    socket.on("connect", () => socket.write(clientHello(version, suites, sni)));
    socket.on("data", (d: Buffer) => {
      got = Buffer.concat([got, d]);
      const a = parseServerHello(got);
      if (a) done(a);
    });
    socket.on("error", (e: NodeJS.ErrnoException) =>
      done(
        e.code === "ECONNREFUSED"
          ? { kind: "unreachable", reason: `connection refused by ${t.host}:${t.port}` }
          : { kind: "refused", reason: e.code ?? e.message },
      ),
    );
    socket.on("close", () => done({ kind: "refused", reason: "connection closed" }));
  });
}

/** The versions the hand-built hellos are sent at, by record-layer code and by Node's name. */
export const LEGACY_VERSIONS: ReadonlyMap<number, "TLSv1" | "TLSv1.1" | "TLSv1.2"> = new Map([
  [0x0301, "TLSv1"],
  [0x0302, "TLSv1.1"],
  [0x0303, "TLSv1.2"],
]);

export interface LegacyScan {
  readonly ssl3: "accepted" | "refused" | "undetermined";
  /** Legacy suites accepted, each at the version whose hello the server answered at that same version. */
  readonly suites: readonly { readonly version: string; readonly name: string; readonly family: string }[];
  readonly error?: string;
}

/** SSL 3.0, then the legacy suites by elimination (as in ciphers.ts) at each version, one connection at a time. */
export async function scanLegacy(
  t: HelloTarget,
  versions: ReadonlyMap<number, string> = new Map([[0x0303, "TLSv1.2"]]),
): Promise<LegacyScan> {
  const s3 = await sendHello(t, 0x0300, SSL3_SUITES);
  const ssl3 =
    s3.kind === "unreachable"
      ? "undetermined"
      : s3.kind === "accepted" && s3.version === 0x0300
        ? "accepted"
        : "refused";
  const suites: { version: string; name: string; family: string }[] = [];
  for (const [code, version] of versions) {
    const remaining = [...LEGACY_SUITES.keys()];
    while (remaining.length > 0) {
      const a = await sendHello(t, code, remaining);
      if (a.kind === "unreachable") return { ssl3, suites, error: a.reason };
      // A lower version in the answer is that version's business: it is scanned on its own.
      if (a.kind !== "accepted" || a.version !== code) break;
      const i = remaining.indexOf(a.suite);
      if (i < 0) break; // the server picked something we did not offer
      const known = LEGACY_SUITES.get(a.suite);
      if (known) suites.push({ version, name: known.name, family: known.family });
      remaining.splice(i, 1);
    }
  }
  return { ssl3, suites };
}
