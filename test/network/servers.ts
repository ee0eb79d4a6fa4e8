/** @module Real loopback servers for the network tests: TLS, a silent TCP listener, and endpoint handles. */
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { endpointConnector, type EndpointHandle } from "../../src/targets/endpoint.js";

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

export function endpoint(connection: Parameters<typeof endpointConnector.open>[0]): Promise<EndpointHandle> {
  return endpointConnector.open(connection, { baseDir: dir, signal: AbortSignal.timeout(5000), timeoutMs: 5000 });
}

/**
 * A TCP front that reads the ClientHello's version and hands the connection to one of two real TLS
 * servers: hellos below `threshold` (TLS 1.2 = 0x0303) go to `legacy`, the rest to `modern` — as a
 * load balancer with a legacy listener does. Each back end is an ordinary node:tls server.
 */
export async function startVersionRouter(modern: Running, legacy: Running, threshold = 0x0303): Promise<Running> {
  const server = net.createServer((client) => {
    client.once("data", (hello: Buffer) => {
      // record header (5) + handshake header (4), then the ClientHello's legacy_version
      const version = hello.length >= 11 ? hello.readUInt16BE(9) : 0;
      const upstream = net.connect({ host: "127.0.0.1", port: version < threshold ? legacy.port : modern.port });
      upstream.write(hello);
      client.pipe(upstream).pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on("error", close).on("close", close);
      upstream.on("error", close).on("close", close);
    });
  });
  return listen(server);
}
