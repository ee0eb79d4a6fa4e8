import probe from "../../src/probes/ora_privileges/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { recorded } from "./recorded.js";

const oracle = (fixture: string) => ({ type: "oracle" as const, handle: recorded(fixture) });
const allow = { allowed_role_grantees: ["wms_dba"], allowed_system_privilege_grantees: ["WMS_DBA"] };

testProbe(probe, {
  cases: [
    {
      name: "passes when only the allowlisted DBA account holds DBA and ANY privileges and default-password accounts are locked",
      target: oracle("ora_privileges.compliant"),
      params: allow,
      expect: { role_grant_allowed: "pass", sys_priv_allowed: "pass", default_password_none: "pass" },
      exact: true,
    },
    {
      name: "fails on DBA held by an ETL account, ANY privileges of application accounts and an open default-password account",
      target: oracle("ora_privileges.noncompliant"),
      params: allow,
      expect: {
        role_grant_excess: "fail",
        role_grant_allowed: "pass",
        sys_priv_excess: "fail",
        default_password_open: "fail",
      },
      exact: true,
    },
    {
      name: "fails every holder when the allowlist is empty",
      target: oracle("ora_privileges.compliant"),
      params: {},
      expect: { role_grant_excess: "fail", sys_priv_excess: "fail" },
    },
  ],
  invalidParams: [{ name: "empty role list", params: { powerful_roles: [] } }],
});
