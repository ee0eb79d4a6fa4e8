/** @module Dictionary statements of `ora_vpd`; bind `names` is `,OWNER.TABLE,…,`. */
import { statement } from "../../targets/sql/sql.js";

export const policies = statement<{
  OBJECT_OWNER: string;
  OBJECT_NAME: string;
  POLICY_NAME: string;
  SEL: string;
  INS: string;
  UPD: string;
  DEL: string;
  ENABLE: string;
  POLICY_TYPE: string;
}>({
  name: "ora_vpd.policies",
  sql:
    "SELECT OBJECT_OWNER, OBJECT_NAME, POLICY_NAME, SEL, INS, UPD, DEL, ENABLE, POLICY_TYPE FROM DBA_POLICIES" +
    " WHERE INSTR(:names, ',' || OBJECT_OWNER || '.' || OBJECT_NAME || ',') > 0 ORDER BY OBJECT_OWNER, OBJECT_NAME, POLICY_NAME",
  views: ["DBA_POLICIES"],
  columns: ["OBJECT_OWNER", "OBJECT_NAME", "POLICY_NAME", "SEL", "INS", "UPD", "DEL", "ENABLE", "POLICY_TYPE"],
});

export const STATEMENTS = [policies];
