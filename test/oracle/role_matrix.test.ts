import probe from "../../src/probes/role_matrix/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { oracleTarget } from "./recorded.js";

/** The same matrix format the PostgreSQL probe reads (src/probes/shared/role-matrix.ts), in lower case. */
export const ROLE_MATRIX = {
  schemas: ["wms", "mart"],
  roles: {
    wms_app: [{ schema: "wms", tables: ["customers", "orders"], privileges: ["select", "insert", "update"] }],
    analyst_role: [{ schema: "mart", tables: "*", privileges: ["SELECT"] }],
    auditor: [{ schema: "wms", tables: ["customers"], privileges: ["SELECT"], optional: true }],
  },
};

testProbe(probe, {
  cases: [
    {
      name: "passes when object grants equal the role matrix",
      target: oracleTarget("role_matrix.compliant"),
      params: { role_matrix: ROLE_MATRIX },
      expect: { matrixOk: "pass", publicOk: "pass", publicSchemaAbsent: "not_applicable" },
      exact: true,
    },
    {
      name: "fails on grants beyond the matrix, a missing required grant and a PUBLIC grant",
      target: oracleTarget("role_matrix.noncompliant"),
      params: { role_matrix: ROLE_MATRIX },
      expect: { grantExcess: "fail", grantMissing: "fail", publicGrant: "fail", publicSchemaAbsent: "not_applicable" },
      exact: true,
    },
    {
      name: "accepts the matrix as YAML text",
      target: oracleTarget("role_matrix.compliant"),
      params: {
        role_matrix:
          "schemas: [WMS, MART]\nroles:\n  WMS_APP:\n    - { schema: WMS, tables: [CUSTOMERS, ORDERS], privileges: [SELECT, INSERT, UPDATE] }\n  ANALYST_ROLE:\n    - { schema: MART, tables: '*', privileges: [SELECT] }\n",
      },
      expect: { matrixOk: "pass" },
    },
    {
      name: "without a declared matrix the role-matrix aspect is an error, never a pass",
      target: oracleTarget("role_matrix.compliant"),
      params: { application_schemas: ["wms", "mart"] },
      expect: { matrixMissing: "error", publicOk: "pass" },
    },
  ],
  invalidParams: [
    { name: "unknown key", params: { role_matrix: ROLE_MATRIX, schemas: ["WMS"] } },
    { name: "matrix not an object", params: { role_matrix: 3 } },
  ],
});
