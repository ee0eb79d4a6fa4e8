import probe from "../../src/probes/ora_vpd/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { oracleTarget, recorded } from "./recorded.js";

const oracle = (fixture: string) => oracleTarget(fixture, "WMS");
const pii = ["customers", "WMS.SHIPMENTS"];

testProbe(probe, {
  cases: [
    {
      name: "passes when every personal-data table has an enabled SELECT policy (unqualified names resolve to the connected schema)",
      target: oracle("ora_vpd.compliant"),
      params: { personal_data_tables: pii },
      expect: { policyPresent: "pass" },
      exact: true,
    },
    {
      name: "fails on a disabled policy and a table without any policy",
      target: oracle("ora_vpd.noncompliant"),
      params: { personal_data_tables: pii },
      expect: { policyDisabled: "fail", policyMissing: "fail" },
      exact: true,
    },
    {
      name: "fails when a policy does not cover a required statement type",
      target: oracle("ora_vpd.compliant"),
      params: { personal_data_tables: pii, statement_types: ["SELECT", "UPDATE"] },
      expect: { policyPresent: "pass", policyDisabled: "fail" },
      exact: true,
    },
    {
      name: "is not applicable without declared personal-data tables (and sends no SQL)",
      target: { type: "oracle", handle: recorded("empty") },
      params: {},
      expect: { noPersonalDataTables: "not_applicable" },
    },
  ],
  invalidParams: [{ name: "unknown statement type", params: { statement_types: ["MERGE"] } }],
});
