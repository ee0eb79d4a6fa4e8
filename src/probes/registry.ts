/** @module The explicit list of probes. A test checks that every folder under src/probes/ is listed here. */
import appConfig from "./app_config/index.js";
import type { AnyProbe } from "./define.js";
import httpSecurity from "./http_security/index.js";
import tlsEndpoint from "./tls_endpoint/index.js";

const list: readonly AnyProbe[] = [
  appConfig,
  tlsEndpoint,
  httpSecurity,
];

export const PROBES: ReadonlyMap<string, AnyProbe> = new Map(list.map((p) => [p.meta.id, p]));
