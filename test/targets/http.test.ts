/** @module The endpoint HTTP client (undici): the target's CA and SNI name, no redirects followed, a capped body. */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { httpClient, MAX_BODY } from "../../src/targets/http.js";
import { makeCaAndLeaf } from "../support/tls.js";

const listen = async (server: http.Server): Promise<number> => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
};
const close = (server: http.Server): Promise<void> =>
  new Promise((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });

describe("httpClient", () => {
  let ca = "";
  let tlsServer: https.Server;
  let plain: http.Server;
  let tlsPort = 0;
  let plainPort = 0;
  const seenSni: unknown[] = [];

  before(async () => {
    const pki = await makeCaAndLeaf({ cn: "assay.test", san: ["assay.test"] });
    ca = pki.ca.cert;
    tlsServer = https.createServer({ key: pki.leaf.key, cert: pki.leaf.cert }, (req, res) => {
      seenSni.push((req.socket as TLSSocket).servername);
      res.setHeader("set-cookie", ["a=1; Secure", "b=2; HttpOnly"]);
      res.setHeader("x-multi", ["one", "two"]);
      res.end("hello");
    });
    tlsPort = await listen(tlsServer);
    plain = http.createServer((req, res) => {
      if (req.url === "/redirect") {
        res.writeHead(301, { location: "https://assay.test/" }).end();
        return;
      }
      // A hostile server: 64 MiB of body, sent as fast as the client reads.
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent < 1024 && res.write(chunk)) sent++;
        if (sent < 1024) res.once("drain", pump);
        else res.end();
      };
      pump();
    });
    plainPort = await listen(plain);
  });
  after(async () => {
    await close(tlsServer);
    await close(plain);
  });

  it("trusts the target's CA bundle and sends its SNI name, verifying the certificate against it", async () => {
    const c = httpClient({ ca, servername: "assay.test", timeoutMs: 5000 });
    try {
      const res = await c.request(new URL(`https://127.0.0.1:${tlsPort}/`), { signal: AbortSignal.timeout(5000) });
      assert.equal(res.status, 200);
      assert.equal(res.body, "hello");
      assert.deepEqual(res.setCookies, ["a=1; Secure", "b=2; HttpOnly"]);
      assert.equal(res.headers["x-multi"], "one, two");
      assert.equal(seenSni.at(-1), "assay.test");
    } finally {
      await c.close();
    }
  });

  it("rejects a certificate for another name unless the request is insecure", async () => {
    const c = httpClient({ ca, servername: "other.test", timeoutMs: 5000 });
    try {
      await assert.rejects(
        c.request(new URL(`https://127.0.0.1:${tlsPort}/`), { signal: AbortSignal.timeout(5000) }),
        /other\.test|altnames/i,
      );
      const res = await c.request(new URL(`https://127.0.0.1:${tlsPort}/`), {
        signal: AbortSignal.timeout(5000),
        insecure: true,
      });
      assert.equal(res.status, 200);
    } finally {
      await c.close();
    }
  });

  it("does not follow redirects, and caps a huge body at 1 MiB without reading the rest", async () => {
    const c = httpClient({ ca: undefined, servername: "127.0.0.1", timeoutMs: 5000 });
    try {
      const redirect = await c.request(new URL(`http://127.0.0.1:${plainPort}/redirect`), {
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(redirect.status, 301);
      assert.equal(redirect.headers["location"], "https://assay.test/");
      const rssBefore = process.memoryUsage().rss;
      const big = await c.request(new URL(`http://127.0.0.1:${plainPort}/big`), { signal: AbortSignal.timeout(5000) });
      assert.equal(big.body.length, MAX_BODY);
      assert.equal(big.truncated, true);
      assert.ok(process.memoryUsage().rss - rssBefore < 32 * 1024 * 1024, "the 64 MiB body was not buffered");
    } finally {
      await c.close();
    }
  });

  it("names a refused connection without a stack of library internals", async () => {
    const c = httpClient({ ca: undefined, servername: "127.0.0.1", timeoutMs: 2000 });
    const s = http.createServer();
    const port = await listen(s);
    await close(s);
    await assert.rejects(
      c.request(new URL(`http://127.0.0.1:${port}/`), { signal: AbortSignal.timeout(5000) }),
      new RegExp(`^Error: connection refused by 127\\.0\\.0\\.1:${port}$`),
    );
    await c.close();
  });
});
