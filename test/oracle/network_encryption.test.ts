import probe from "../../src/probes/ora_network_encryption/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { recorded } from "./recorded.js";

const oracle = (fixture: string) => ({ type: "oracle" as const, handle: recorded(fixture) });

testProbe(probe, {
  cases: [
    {
      name: "passes when this session and every remote session use AES native encryption (bequeath sessions ignored)",
      target: oracle("ora_network_encryption.compliant"),
      params: {},
      expect: { self_native: "pass", sessions_ok: "pass" },
      exact: true,
    },
    {
      name: "fails when this session is plain and remote sessions use 3DES or nothing",
      target: oracle("ora_network_encryption.noncompliant"),
      params: { min_encrypted_share: 0.9 },
      expect: { self_plain: "fail", sessions_plain: "fail" },
      exact: true,
    },
    {
      name: "accepts a lower share of encrypted sessions when the profile allows it",
      target: oracle("ora_network_encryption.noncompliant"),
      params: { min_encrypted_share: 0.3 },
      expect: { sessions_ok: "pass" },
    },
    {
      name: "fails this session when its algorithm is not in the allowlist",
      target: oracle("ora_network_encryption.compliant"),
      params: { allowed_algorithms: ["AES192"] },
      expect: { self_weak: "fail", sessions_plain: "fail" },
    },
    {
      name: "passes this session over TLS (tcps) without native encryption",
      target: oracle("ora_network_encryption.tcps"),
      params: {},
      expect: { self_tcps: "pass", sessions_ok: "pass" },
      exact: true,
    },
  ],
  invalidParams: [{ name: "share above 1", params: { min_encrypted_share: 2 } }],
});
