/**
 * @module TLS endpoint check on loopback: one full `tls_endpoint` run (main handshake, three
 * protocol probes, the suite elimination scan at each accepted version, four hand-built legacy ClientHellos,
 * certificate facts) against a local server,
 * plus a single handshake for reference. One connection at a time, as the probe always does.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import tlsEndpoint from "../../src/probes/tls_endpoint/index.js";
import { runProbe } from "../../src/probes/run.js";
import { handshake } from "../../src/probes/tls_endpoint/handshake.js";
import { endpointConnector } from "../../src/targets/endpoint.js";
import { makeCaAndLeaf } from "../../test/support/tls.js";
import { medianMs, type Scenario } from "../harness.js";

export const tlsCheck: Scenario = {
  name: "tls endpoint check (loopback)",
  async run() {
    const { ca, leaf } = await makeCaAndLeaf();
    const dir = mkdtempSync(join(tmpdir(), "assay-bench-tls-"));
    writeFileSync(join(dir, "ca.pem"), ca.cert);
    const server = tls.createServer({ key: leaf.key, cert: leaf.cert, minVersion: "TLSv1.2" }, (s) => s.end());
    server.on("tlsClientError", () => undefined);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      const handle = await endpointConnector.open(
        { url: `https://127.0.0.1:${port}/`, servername: "localhost", ca: "ca.pem" },
        { baseDir: dir, signal: AbortSignal.timeout(5000), timeoutMs: 5000 },
      );
      const target = { id: "bench", type: "endpoint" as const, tags: [] };
      const signal = AbortSignal.timeout(120_000);
      let handshakes = 0;
      const check = await medianMs(15, async () => {
        const out = await runProbe({
          probe: tlsEndpoint,
          params: {},
          target,
          open: () => Promise.resolve(handle),
          timeoutMs: 60_000,
        });
        if (!out.ok) throw new Error(out.error);
        // main + 3 other versions + SSL 3.0 hello + 3 legacy-suite hellos + (accepted + 1) per accepted version
        const suites = (out.facts["suites"] as { version: string }[] | undefined) ?? [];
        handshakes = 8 + suites.length + new Set(suites.map((s) => s.version)).size;
      });
      const one = await medianMs(30, () =>
        handshake({ host: "127.0.0.1", port, servername: "localhost", ca: ca.cert, timeoutMs: 5000, signal }),
      );
      return [
        { name: `tls_endpoint full check, ${handshakes} handshakes (median of 15)`, value: check, unit: "ms" },
        { name: "one TLS handshake (median of 30)", value: one, unit: "ms" },
      ];
    } finally {
      server.close();
    }
  },
};
