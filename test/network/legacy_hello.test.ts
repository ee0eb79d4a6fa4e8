import assert from "node:assert/strict";
import net from "node:net";
import { after, test } from "node:test";
import { scanLegacy, parseServerHello, clientHello } from "../../src/probes/tls_endpoint/legacy-hello.js";
import { makeCaAndLeaf } from "../support/tls.js";
import { startTlsServer, type Running } from "./servers.js";

/**
 * No TLS library we can run still accepts SSL 3.0 or 3DES, so this server speaks just enough TLS
 * to answer a ClientHello: a ServerHello for SSL 3.0 or for 3DES when offered, else an alert.
 */
async function startLegacyServer(): Promise<Running> {
  const server = net.createServer((socket) => {
    socket.once("data", (b: Buffer) => {
      const version = b.readUInt16BE(9);
      const sidLen = b[43] ?? 0;
      const n = b.readUInt16BE(44 + sidLen) / 2;
      const suites = Array.from({ length: n }, (_, i) => b.readUInt16BE(46 + sidLen + i * 2));
      const pick = version === 0x0300 ? suites[0] : suites.find((s) => s === 0x000a);
      if (pick === undefined) return socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]));
      const body = Buffer.concat([
        Buffer.from([version >> 8, version & 0xff]),
        Buffer.alloc(32, 7),
        Buffer.from([0, pick >> 8, pick & 0xff, 0]),
      ]);
      const hs = Buffer.concat([Buffer.from([0x02, 0, 0, body.length]), body]);
      socket.end(Buffer.concat([Buffer.from([0x16, 0x03, version & 0xff, 0, hs.length]), hs]));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const servers: Running[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
const target = (port: number) => ({
  host: "127.0.0.1",
  port,
  servername: "localhost",
  timeoutMs: 2000,
  signal: AbortSignal.timeout(10_000),
});

test("a server still accepting SSL 3.0 and 3DES is caught by the hand-built ClientHello", async () => {
  const s = await startLegacyServer();
  servers.push(s);
  const scan = await scanLegacy(target(s.port));
  assert.equal(scan.ssl3, "accepted");
  assert.deepEqual(scan.suites, [{ version: "TLSv1.2", name: "TLS_RSA_WITH_3DES_EDE_CBC_SHA", family: "3DES" }]);
});

test("a real OpenSSL server refuses SSL 3.0 and every legacy suite, and answers a modern hello", async () => {
  const { leaf } = await makeCaAndLeaf();
  const s = await startTlsServer({
    key: leaf.key,
    cert: leaf.cert,
    minVersion: "TLSv1",
    ciphers: "ALL:COMPLEMENTOFALL:@SECLEVEL=0",
  });
  servers.push(s);
  assert.deepEqual(await scanLegacy(target(s.port)), { ssl3: "refused", suites: [] });
});

test("ClientHello and ServerHello framing round-trips the version and suite", () => {
  const hello = clientHello(0x0303, [0xc02f, 0x000a], "example.org");
  assert.equal(hello[0], 0x16);
  assert.equal(hello.readUInt16BE(3), hello.length - 5);
  assert.match(hello.toString("latin1"), /example\.org/);
  assert.equal(parseServerHello(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]))?.kind, "refused");
  assert.equal(parseServerHello(Buffer.from([0x16, 0x03])), undefined, "incomplete input waits for more bytes");
});
