/** @module Real loopback servers for the network tests: TLS, a silent TCP listener, and endpoint handles. */
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { endpointConnector, type EndpointHandle } from "../../src/targets/endpoint.js";
import type { JsonObject } from "../../src/model/json.js";

export interface Running {
  readonly port: number;
  close(): Promise<void>;
}

async function listen(server: net.Server): Promise<Running> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A TLS server answering every connection with a one-line HTTP response. */
export function startTlsServer(options: tls.TlsOptions): Promise<Running> {
  const server = tls.createServer(options, (s) => s.end("HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n"));
  server.on("tlsClientError", () => undefined);
  return listen(server);
}

/** A TCP server that accepts connections and never says a word: a handshake timeout. */
export function startSilentServer(): Promise<Running> {
  return listen(net.createServer(() => undefined));
}

/** A port that was free a moment ago: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const r = await listen(net.createServer());
  await r.close();
  return r.port;
}

const dir = mkdtempSync(join(tmpdir(), "assay-network-"));

/** Write a PEM file into the test's temp folder and return its name (relative to `dir`). */
export function pemFile(name: string, pem: string): string {
  writeFileSync(join(dir, name), pem);
  return name;
}

export function endpoint(connection: JsonObject): Promise<EndpointHandle> {
  return endpointConnector.open(connection, { baseDir: dir, signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
}
