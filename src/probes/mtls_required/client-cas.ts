/**
 * @module The client-CA list a server sends in its TLS 1.2 CertificateRequest (RFC 5246 §7.4.4):
 * one hand-built TLS 1.2 ClientHello (the builder of `tls_endpoint`), the server's flight read up
 * to ServerHelloDone, no key exchange. Node's TLS API does not expose this list. Under TLS 1.3 the
 * request is encrypted, so a server that refuses TLS 1.2 keeps its list to itself.
 */
import net, { isIP } from "node:net";
import { clientHello } from "../tls_endpoint/legacy-hello.js";

/** ECDHE-{RSA,ECDSA}-AES-GCM and ChaCha20 suites: what any current TLS 1.2 server accepts. */
const SUITES = [0xc02f, 0xc030, 0xc02b, 0xc02c, 0xcca8, 0xcca9, 0x009c, 0x009d];

export type ClientCas =
  | { readonly kind: "listed"; readonly names: readonly string[] }
  | { readonly kind: "not_requested" }
  | { readonly kind: "hidden"; readonly reason: string };

interface Target {
  readonly host: string;
  readonly port: number;
  readonly servername: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** Handshake messages of the server's flight until ServerHelloDone, or the alert that ended it. */
function readFlight(t: Target): Promise<{ messages: { type: number; body: Buffer }[]; end: string }> {
  const sni = isIP(t.servername) !== 0 ? undefined : t.servername;
  return new Promise((resolve) => {
    let raw = Buffer.alloc(0);
    let hs = Buffer.alloc(0);
    const messages: { type: number; body: Buffer }[] = [];
    const socket = net.connect({ host: t.host, port: t.port });
    const done = (end: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ messages, end });
    };
    const timer = setTimeout(() => done(`no answer within ${t.timeoutMs} ms`), t.timeoutMs);
    t.signal.addEventListener("abort", () => done("aborted"), { once: true });
    socket.on("connect", () => socket.write(clientHello(0x0303, SUITES, sni)));
    socket.on("data", (d: Buffer) => {
      raw = Buffer.concat([raw, d]);
      while (raw.length >= 5) {
        const len = raw.readUInt16BE(3);
        if (raw.length < 5 + len) return;
        const [type, body] = [raw[0], raw.subarray(5, 5 + len)];
        raw = raw.subarray(5 + len);
        if (type === 0x15) return done(`alert ${body[1] ?? "?"}`);
        if (type !== 0x16) return done("not a TLS handshake");
        hs = Buffer.concat([hs, body]);
        while (hs.length >= 4) {
          const mlen = hs.readUIntBE(1, 3);
          if (hs.length < 4 + mlen) break;
          const m = { type: hs[0] ?? 0, body: hs.subarray(4, 4 + mlen) };
          hs = hs.subarray(4 + mlen);
          messages.push(m);
          if (m.type === 14) return done("server hello done");
        }
      }
    });
    socket.on("error", (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
    socket.on("close", () => done("connection closed"));
  });
}

/** Distinguished names (DER) of a TLS 1.2 CertificateRequest body. */
export function certificateAuthorities(body: Buffer): Buffer[] {
  let at = 1 + (body[0] ?? 0); // certificate_types
  at += 2 + body.readUInt16BE(at); // supported_signature_algorithms
  const end = at + 2 + body.readUInt16BE(at);
  at += 2;
  const out: Buffer[] = [];
  while (at + 2 <= end) {
    const n = body.readUInt16BE(at);
    out.push(body.subarray(at + 2, at + 2 + n));
    at += 2 + n;
  }
  return out;
}

export async function clientCaList(t: Target): Promise<ClientCas> {
  const { messages, end } = await readFlight(t);
  if (!messages.some((m) => m.type === 2))
    return { kind: "hidden", reason: `no TLS 1.2 handshake (${end}); under TLS 1.3 the list is encrypted` };
  const request = messages.find((m) => m.type === 13);
  if (!request) return { kind: "not_requested" };
  const { Name } = await import("@peculiar/x509");
  return { kind: "listed", names: certificateAuthorities(request.body).map((der) => new Name(der).toString()) };
}
