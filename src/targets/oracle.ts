/**
 * @module `oracle` targets through node-oracledb, in thin mode (pure JavaScript, no Instant Client)
 * unless the connection asks for thick mode (`thick_mode`, with an Oracle Instant Client the user
 * installs: `initOracleClient` is then called once for the process). The driver is imported inside
 * `open()` only, so commands that open no Oracle target (`assay --version`, `assay check`) never load it.
 */
import { resolve } from "node:path";
import { Type } from "@sinclair/typebox";
import { closedObject, type Filled, withDefault } from "../schema/typebox.js";
import { defineConnector } from "./types.js";
import { dateFromSessionText } from "./oracle/dates.js";
import { mapOracleError } from "./oracle/errors.js";
import type { BindParameters, Pool } from "oracledb";
import {
  createOracleHandle,
  type ConnectionSource,
  type OracleBinds,
  type OracleBindValue,
  type OracleHandle,
  type RawConnection,
} from "./oracle/session.js";

export type { OracleHandle, OracleSession, OracleStatement, OracleRow } from "./oracle/session.js";
export { DatabaseError } from "./sql/errors.js";

function driverBinds(b: OracleBinds): BindParameters {
  if (Array.isArray(b)) return [...(b as readonly OracleBindValue[])];
  return { ...(b as Readonly<Record<string, OracleBindValue>>) };
}
/** The pool behind a handle, kept off the probe-facing interface. */
const CLOSE = Symbol("oracle.close");

export const oracleConnection = closedObject(
  {
    connect_string: Type.Optional(
      Type.String({ minLength: 1, description: "Easy Connect string host:port/service_name (or a full descriptor)." }),
    ),
    host: Type.Optional(Type.String({ minLength: 1 })),
    port: withDefault(Type.Integer({ minimum: 1, maximum: 65535 }), 1521),
    service_name: Type.Optional(Type.String({ minLength: 1 })),
    user: Type.String({
      minLength: 1,
      description: "A read-only auditing account (see docs/probes/oracle.md for its grants).",
    }),
    password: Type.String({ description: "A secret reference: ${env:NAME} or ${file:PATH}." }),
    call_timeout_ms: Type.Optional(
      Type.Integer({ minimum: 100, description: "Limit per database round trip; defaults to the run timeout." }),
    ),
    pool_max: withDefault(Type.Integer({ minimum: 1, maximum: 16 }), 4),
    thick_mode: Type.Optional(
      closedObject(
        {
          lib_dir: Type.Optional(
            Type.String({
              minLength: 1,
              description:
                "Instant Client folder (relative to the project file); omit on Linux when it is on the library path.",
            }),
          ),
          config_dir: Type.Optional(Type.String({ minLength: 1, description: "Folder of tnsnames.ora / sqlnet.ora." })),
        },
        {
          description:
            "Use node-oracledb thick mode with an Oracle Instant Client you installed (needed only for native network encryption); thin mode when absent. Process-wide: give every Oracle target of a run the same value.",
        },
      ),
    ),
  },
  { oneOf: [{ required: ["connect_string"] }, { required: ["host", "service_name"] }] },
);

type OracleConnection = Filled<typeof oracleConnection>;

/** The address to connect to: the connect string, else host:port/service_name (the schema requires one of the two). */
const addressOf = (c: OracleConnection): string =>
  c.connect_string ?? `${c.host ?? ""}:${c.port}/${c.service_name ?? ""}`;

/** `initOracleClient` options when the connection asks for thick mode, else undefined (thin). */
function thickOptions(c: OracleConnection, baseDir: string): { libDir?: string; configDir?: string } | undefined {
  const t = c.thick_mode;
  if (!t) return undefined;
  return {
    ...(t.lib_dir ? { libDir: resolve(baseDir, t.lib_dir) } : {}),
    ...(t.config_dir ? { configDir: resolve(baseDir, t.config_dir) } : {}),
  };
}

export const oracleConnector = defineConnector({
  type: "oracle",
  connectionSchema: oracleConnection,
  describe: (c) => ({ address: addressOf(c), user: c.user }),
  async open(c, { timeoutMs, signal, baseDir }): Promise<OracleHandle> {
    const address = addressOf(c);
    const callTimeoutMs = c.call_timeout_ms ?? timeoutMs;
    const info = { user: c.user, address, callTimeoutMs, secrets: [c.password] };
    const thick = thickOptions(c, baseDir);
    signal.throwIfAborted();
    const { default: oracledb } = await import("oracledb");
    if (thick) {
      try {
        // Idempotent for the same options; a different one (NJS-090) or a thin connection made before (NJS-118) throws.
        oracledb.initOracleClient(thick);
      } catch (err) {
        throw mapOracleError(err, { ...info, ...(thick.libDir ? { clientDir: thick.libDir } : {}) });
      }
    }
    let pool: Pool;
    try {
      pool = await oracledb.createPool({
        user: c.user,
        password: c.password,
        connectString: address,
        poolMin: 0,
        poolMax: c.pool_max,
        poolIncrement: 1,
        connectTimeout: Math.max(1, Math.ceil(timeoutMs / 1000)),
        queueTimeout: timeoutMs,
      });
    } catch (err) {
      throw mapOracleError(err, info);
    }
    const source: ConnectionSource = {
      getConnection: async () => {
        const conn = await pool.getConnection();
        // DATE/TIMESTAMP as the UTC session's text, read as UTC (./oracle/dates.ts), never in local time.
        const dates = new Set([oracledb.DB_TYPE_DATE, oracledb.DB_TYPE_TIMESTAMP, oracledb.DB_TYPE_TIMESTAMP_LTZ]);
        const asUtc = (meta: { dbType?: unknown }) =>
          dates.has(meta.dbType as never)
            ? {
                type: oracledb.STRING,
                converter: (v: unknown) => dateFromSessionText(typeof v === "string" ? v : null),
              }
            : undefined;
        const opts = { outFormat: oracledb.OUT_FORMAT_OBJECT, fetchTypeHandler: asUtc };
        const raw: RawConnection = {
          get callTimeout() {
            return conn.callTimeout ?? 0;
          },
          set callTimeout(ms: number) {
            conn.callTimeout = ms;
          },
          execute: (sql: string, binds: OracleBinds) => conn.execute(sql, driverBinds(binds), opts),
          queryText: (sql: string, binds: OracleBinds) =>
            conn.queryStream<unknown[]>(sql, driverBinds(binds), {
              outFormat: oracledb.OUT_FORMAT_ARRAY,
              // Fewer round trips for audit trails of millions of rows; memory stays bounded by the batch.
              fetchArraySize: 1000,
              // Exact decimal text, as the database prints it; a JS number would round large values.
              fetchTypeHandler: (meta) =>
                meta.dbType === oracledb.DB_TYPE_NUMBER ? { type: oracledb.STRING } : asUtc(meta),
            }),
          rollback: () => conn.rollback(),
          break: () => conn.break(),
          close: () => conn.close(),
        };
        return raw;
      },
      close: () => pool.close(0),
    };
    const handle = createOracleHandle(source, info);
    // Fail at open, not in every probe, when the address, service or credentials are wrong.
    try {
      await handle.readOnly(() => Promise.resolve(), signal);
    } catch (err) {
      await pool.close(0).catch(() => undefined);
      throw err;
    }
    return Object.assign(handle, { [CLOSE]: () => source.close() });
  },
  async close(handle) {
    const close = (handle as Partial<Record<typeof CLOSE, () => Promise<void>>>)[CLOSE];
    if (close) await close();
  },
});
