import probe from "../../src/probes/ora_privileges/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { oracleTarget } from "./recorded.js";

const allow = { allowed_role_grantees: ["wms_dba"], allowed_system_privilege_grantees: ["WMS_DBA"] };

testProbe(probe, {
  cases: [
    {
      name: "passes from CDB$ROOT when only the allowlisted DBA account holds DBA and ANY privileges and every container's default-password accounts are locked",
      target: oracleTarget("ora_privileges.compliant"),
      params: allow,
      expect: { roleGrantAllowed: "pass", sysPrivAllowed: "pass", defaultPasswordNone: "pass" },
      exact: true,
    },
    {
      name: "fails (non-CDB) on DBA held by an ETL account, ANY privileges of application accounts and an open default-password account",
      target: oracleTarget("ora_privileges.noncompliant"),
      params: allow,
      expect: {
        roleGrantExcess: "fail",
        roleGrantAllowed: "pass",
        sysPrivExcess: "fail",
        defaultPasswordOpen: "fail",
      },
      exact: true,
    },
    {
      name: "fails every holder when the allowlist is empty",
      target: oracleTarget("ora_privileges.compliant"),
      params: {},
      expect: { roleGrantExcess: "fail", sysPrivExcess: "fail" },
    },
    {
      // Oracle 19c in a PDB: DBA_USERS_WITH_DEFPWD is empty because Oracle's own accounts are common
      // users (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/DBA_USERS_WITH_DEFPWD.html).
      name: "in a PDB, an empty DBA_USERS_WITH_DEFPWD is an error naming the connection that decides, never a pass",
      target: oracleTarget("ora_privileges.pdb"),
      params: allow,
      expect: { roleGrantAllowed: "pass", sysPrivAllowed: "pass", defaultPasswordPdb: "error" },
      exact: true,
    },
    {
      name: "in a PDB, an open local account with a default password still fails",
      target: oracleTarget("ora_privileges.pdb_local"),
      params: allow,
      expect: { roleGrantAllowed: "pass", sysPrivAllowed: "pass", defaultPasswordOpen: "fail" },
      exact: true,
    },
  ],
  invalidParams: [{ name: "empty role list", params: { powerful_roles: [] } }],
});
