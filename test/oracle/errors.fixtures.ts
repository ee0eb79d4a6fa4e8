/** @module Recorded driver failures, shaped like node-oracledb thin-mode errors (`code`, message text). */
import type { Recording } from "./recorded.js";

export const AUTH_FAILED: Recording = {
  connect: {
    error: {
      code: "ORA-01017",
      message:
        "ORA-01017: invalid credential or not authorized; logon denied\nHelp: https://docs.oracle.com/error-help/db/ora-01017/",
    },
  },
};

export const REFUSED: Recording = {
  connect: {
    error: {
      code: "NJS-503",
      message:
        "NJS-503: connection to host db.example.test port 1521 could not be established. (CONNECTION_ID=sZ01JSkILPoZbJlVujm3/g==)\nconnect ECONNREFUSED 10.0.0.5:1521",
    },
  },
};

export const TABLESPACES_DENIED: Recording = {
  "ora_encryption_at_rest.wallet": {
    rows: [{ WRL_TYPE: "FILE", STATUS: "OPEN", WALLET_TYPE: "AUTOLOGIN", CON_ID: 0 }],
  },
  "ora_encryption_at_rest.keys": { rows: [] },
  "ora_encryption_at_rest.tablespaces": {
    error: {
      code: "ORA-00942",
      message:
        'ORA-00942: table or view "SYS"."DBA_TABLESPACES" does not exist\nHelp: https://docs.oracle.com/error-help/db/ora-00942/',
    },
  },
};

export const CALL_TIMEOUT: Recording = {
  "ora_privileges.role_grants": { error: { code: "NJS-123", message: "NJS-123: call timeout of 5000 ms exceeded" } },
};
