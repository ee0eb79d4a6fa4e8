import probe from "../../src/probes/ora_password_profiles/index.js";
import { testProbe } from "../../src/probes/tester.js";
import { oracleTarget } from "./recorded.js";

const baseline = {
  failed_login_attempts_max: 10,
  password_lock_time_min_days: 1,
  password_life_time_max_days: null,
  require_verify_function: true,
};
const accounts = { application_accounts: ["wms_app"], human_accounts: ["ANNA_OPS"] };

testProbe(probe, {
  cases: [
    {
      name: "passes when every assigned profile locks after 10 failures for a day and verifies passwords (DEFAULT resolved)",
      target: oracleTarget("ora_password_profiles.compliant"),
      params: { ...baseline, ...accounts },
      expect: { accountsInScope: "pass", limitOk: "pass", lifeTimeNotRequired: "not_applicable" },
      exact: true,
    },
    {
      name: "fails on unlimited login attempts, a 15-minute lock and no verify function",
      target: oracleTarget("ora_password_profiles.noncompliant"),
      params: { ...baseline, ...accounts },
      expect: {
        limitBad: "fail",
        limitOk: "pass",
        accountsInScope: "pass",
        lifeTimeNotRequired: "not_applicable",
      },
      exact: true,
    },
    {
      name: "checks lifetime when the profile sets a maximum (strict: 90 days)",
      target: oracleTarget("ora_password_profiles.noncompliant"),
      params: { ...baseline, password_life_time_max_days: 90 },
      expect: { limitBad: "fail" },
    },
    {
      name: "scopes to open non-Oracle accounts when none are declared, and flags a declared account that does not exist",
      target: oracleTarget("ora_password_profiles.compliant"),
      params: { ...baseline, human_accounts: ["GHOST"] },
      expect: { accountMissing: "fail", noAccounts: "not_applicable" },
    },
  ],
  invalidParams: [
    { name: "thresholds missing", params: {} },
    { name: "attempts not an integer", params: { failed_login_attempts_max: 2.5, password_lock_time_min_days: 1 } },
  ],
});
