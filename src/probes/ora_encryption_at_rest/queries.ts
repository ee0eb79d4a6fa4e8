/** @module Dictionary statements of `ora_encryption_at_rest` (column names as Oracle documents them). */
import { selectFrom, statement } from "../../targets/sql/sql.js";

export const wallet = selectFrom<{
  WRL_TYPE: string | null;
  STATUS: string | null;
  WALLET_TYPE: string | null;
  CON_ID: number;
}>({
  name: "ora_encryption_at_rest.wallet",
  view: "V$ENCRYPTION_WALLET",
  columns: ["WRL_TYPE", "STATUS", "WALLET_TYPE", "CON_ID"],
});

export const keys = selectFrom<{
  CREATION_TIME: Date | null;
  ACTIVATION_TIME: Date | null;
  KEY_USE: string | null;
  CON_ID: number;
}>({
  name: "ora_encryption_at_rest.keys",
  view: "V$ENCRYPTION_KEYS",
  columns: ["CREATION_TIME", "ACTIVATION_TIME", "KEY_USE", "CON_ID"],
});

export const tablespaces = selectFrom<{ TABLESPACE_NAME: string; CONTENTS: string; ENCRYPTED: string }>({
  name: "ora_encryption_at_rest.tablespaces",
  view: "DBA_TABLESPACES",
  columns: ["TABLESPACE_NAME", "CONTENTS", "ENCRYPTED"],
  rest: "ORDER BY TABLESPACE_NAME",
});

/**
 * Bind `names`: `,OWNER.TABLE,…,`. TABLESPACE_NAME is null for partitioned tables and for
 * index-organised tables (IOT_TYPE = 'IOT'), whose rows live in their primary-key index segment.
 * https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_TABLES.html
 */
export const tables = selectFrom<{
  OWNER: string;
  TABLE_NAME: string;
  TABLESPACE_NAME: string | null;
  PARTITIONED: string;
  IOT_TYPE: string | null;
}>({
  name: "ora_encryption_at_rest.tables",
  view: "DBA_TABLES",
  columns: ["OWNER", "TABLE_NAME", "TABLESPACE_NAME", "PARTITIONED", "IOT_TYPE"],
  rest: "WHERE INSTR(:names, ',' || OWNER || '.' || TABLE_NAME || ',') > 0",
});

/** The index segment holding an index-organised table's rows (INDEX_TYPE 'IOT - TOP'). */
export const iotIndexes = statement<{ TABLE_OWNER: string; TABLE_NAME: string; TABLESPACE_NAME: string | null }>({
  name: "ora_encryption_at_rest.iot_indexes",
  sql:
    "SELECT TABLE_OWNER, TABLE_NAME, TABLESPACE_NAME FROM DBA_INDEXES WHERE INDEX_TYPE = 'IOT - TOP'" +
    " AND INSTR(:names, ',' || TABLE_OWNER || '.' || TABLE_NAME || ',') > 0",
  views: ["DBA_INDEXES"],
  columns: ["TABLE_OWNER", "TABLE_NAME", "TABLESPACE_NAME"],
});

/**
 * For a composite partition (COMPOSITE = 'YES') TABLESPACE_NAME is only the partition's *default*
 * tablespace, never null: the data lives in its subpartitions.
 * https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_TAB_PARTITIONS.html
 */
export const partitions = statement<{
  TABLE_OWNER: string;
  TABLE_NAME: string;
  PARTITION_NAME: string;
  COMPOSITE: string;
  TABLESPACE_NAME: string | null;
}>({
  name: "ora_encryption_at_rest.partitions",
  sql:
    "SELECT TABLE_OWNER, TABLE_NAME, PARTITION_NAME, COMPOSITE, TABLESPACE_NAME FROM DBA_TAB_PARTITIONS" +
    " WHERE INSTR(:names, ',' || TABLE_OWNER || '.' || TABLE_NAME || ',') > 0",
  views: ["DBA_TAB_PARTITIONS"],
  columns: ["TABLE_OWNER", "TABLE_NAME", "PARTITION_NAME", "COMPOSITE", "TABLESPACE_NAME"],
});

/** Where composite partitions keep their data (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/ALL_TAB_SUBPARTITIONS.html). */
export const subpartitions = statement<{
  TABLE_OWNER: string;
  TABLE_NAME: string;
  PARTITION_NAME: string;
  TABLESPACE_NAME: string | null;
}>({
  name: "ora_encryption_at_rest.subpartitions",
  sql:
    "SELECT TABLE_OWNER, TABLE_NAME, PARTITION_NAME, TABLESPACE_NAME FROM DBA_TAB_SUBPARTITIONS" +
    " WHERE INSTR(:names, ',' || TABLE_OWNER || '.' || TABLE_NAME || ',') > 0",
  views: ["DBA_TAB_SUBPARTITIONS"],
  columns: ["TABLE_OWNER", "TABLE_NAME", "PARTITION_NAME", "TABLESPACE_NAME"],
});

export const STATEMENTS = [wallet, keys, tablespaces, tables, iotIndexes, partitions, subpartitions];
