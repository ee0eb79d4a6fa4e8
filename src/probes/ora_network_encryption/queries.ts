/** @module Dictionary statements of `ora_network_encryption`. */
import { statement } from "../../targets/sql/sql.js";

/** This session's protocol (`tcp`, `tcps`, `beq`) and SID, from the USERENV context. */
export const self = statement<{ NETWORK_PROTOCOL: string | null; SID: string }>({
  name: "ora_network_encryption.self",
  sql: "SELECT SYS_CONTEXT('USERENV', 'NETWORK_PROTOCOL') AS NETWORK_PROTOCOL, SYS_CONTEXT('USERENV', 'SID') AS SID FROM DUAL",
  views: ["DUAL"],
  columns: ["NETWORK_PROTOCOL", "SID"],
});

/** One row per network service adapter of each user session (several rows per SID). */
export const banners = statement<{ SID: number; NETWORK_SERVICE_BANNER: string | null }>({
  name: "ora_network_encryption.banners",
  sql:
    "SELECT SID, NETWORK_SERVICE_BANNER FROM V$SESSION_CONNECT_INFO" +
    " WHERE SID IN (SELECT SID FROM V$SESSION WHERE TYPE = 'USER') ORDER BY SID",
  views: ["V$SESSION_CONNECT_INFO", "V$SESSION"],
  columns: ["SID", "NETWORK_SERVICE_BANNER"],
});

export const STATEMENTS = [self, banners];
