import probe from "../../src/probes/ora_network_encryption/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { oracleTarget } from "./recorded.js";

testProbe(probe, {
  cases: [
    {
      name: "passes client sessions that all use AES native encryption (bequeath and the auditor's own session left out); the auditor's thin tcp session is plain",
      target: oracleTarget("ora_network_encryption.compliant"),
      params: {},
      expect: { selfPlain: "fail", sessionsOk: "pass" },
      exact: true,
    },
    {
      name: "fails when this session is plain and remote sessions use 3DES or nothing",
      target: oracleTarget("ora_network_encryption.noncompliant"),
      params: { min_encrypted_share: 0.9 },
      expect: { selfPlain: "fail", sessionsPlain: "fail" },
      exact: true,
    },
    {
      name: "accepts a lower share of encrypted sessions when the profile allows it",
      target: oracleTarget("ora_network_encryption.noncompliant"),
      params: { min_encrypted_share: 0.3 },
      expect: { sessionsOk: "pass" },
    },
    {
      name: "fails client sessions whose algorithm is not in the allowlist",
      target: oracleTarget("ora_network_encryption.compliant"),
      params: { allowed_algorithms: ["AES192"] },
      expect: { selfPlain: "fail", sessionsPlain: "fail" },
      exact: true,
    },
    {
      name: "passes this session over TLS (tcps); with no other client session the share is not applicable",
      target: oracleTarget("ora_network_encryption.tcps"),
      params: {},
      expect: { selfTcps: "pass", noRemoteSessions: "not_applicable" },
      exact: true,
    },
  ],
  invalidParams: [{ name: "share above 1", params: { min_encrypted_share: 2 } }],
});
