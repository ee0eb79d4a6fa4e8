/**
 * @module One HTTPS request over a bare `node:tls` connection, with or without a client certificate:
 * did the handshake (or the first read, under TLS 1.3) fail, or what status did the request get?
 * The request is `GET <path>` with no body; the answer's status line is all that is read.
 */
import { isIP } from "node:net";
import tls from "node:tls";
import type { EndpointHandle } from "../../targets/endpoint.js";

export type Attempt =
  | { readonly kind: "refused"; readonly reason: string; readonly protocol: string | null }
  | { readonly kind: "answered"; readonly status: number; readonly protocol: string | null };

export function attempt(h: EndpointHandle, path: string, signal: AbortSignal, withCert: boolean): Promise<Attempt> {
  const cert = withCert ? h.clientCertificate : undefined;
  return new Promise((resolve, reject) => {
    let data = "";
    let protocol: string | null = null;
    const socket = tls.connect({
      host: h.host,
      port: h.port,
      ...(isIP(h.servername) !== 0 ? {} : { servername: h.servername }),
      ...(h.ca ? { ca: h.ca } : {}),
      ...(cert ? { cert: cert.cert, key: cert.key } : {}),
      rejectUnauthorized: false, // server trust is tls_endpoint's concern
      ALPNProtocols: ["http/1.1"],
    });
    // A silent server or an abort decides nothing: they reject (the check is an error), never "refused".
    const fail = (err: Error) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(new Error(`${h.url.host}: no answer within ${h.timeoutMs} ms`)), h.timeoutMs);
    const onAbort = () => fail(new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    const settle = (a: Attempt) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(a);
    };
    socket.on("secureConnect", () => {
      protocol = socket.getProtocol();
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${h.url.host}\r\nUser-Agent: assay-probe\r\nConnection: close\r\n\r\n`,
      );
    });
    socket.on("data", (d: Buffer) => {
      data += d.toString("latin1");
      const line = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      if (line) settle({ kind: "answered", status: Number(line[1]), protocol });
      else if (data.includes("\r\n")) settle({ kind: "refused", reason: "not an HTTP answer", protocol });
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ECONNREFUSED" || e.code === "ENOTFOUND") fail(new Error(`${h.url.host}: ${e.code}`));
      else settle({ kind: "refused", reason: e.code ?? e.message, protocol });
    });
    socket.on("close", () => settle({ kind: "refused", reason: "connection closed", protocol }));
  });
}
