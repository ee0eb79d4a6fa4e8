/**
 * @module `oracle` targets through node-oracledb, in thin mode (pure JavaScript, no Instant Client)
 * unless the connection asks for thick mode (`thick_mode`, with an Oracle Instant Client the user
 * installs: `initOracleClient` is then called once for the process). The driver is imported inside
 * `open()` only, so commands that open no Oracle target (`assay --version`, `assay check`) never load it.
 */
import { resolve } from "node:path";
import type { JsonObject } from "../model/json.js";
import type { TargetConnector } from "./types.js";
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

const DEFAULT_PORT = 1521;

function driverBinds(b: OracleBinds): BindParameters {
  if (Array.isArray(b)) return [...(b as readonly OracleBindValue[])];
  return { ...(b as Readonly<Record<string, OracleBindValue>>) };
}
/** The pool behind a handle, kept off the probe-facing interface. */
const CLOSE = Symbol("oracle.close");

interface Settings {
  readonly connectString: string;
  readonly address: string;
  readonly user: string;
  readonly password: string;
  readonly callTimeoutMs: number | undefined;
  readonly poolMax: number;
  /** `initOracleClient` options when the connection asks for thick mode, else undefined (thin). */
  readonly thick: { libDir?: string; configDir?: string } | undefined;
}

function settings(c: JsonObject, baseDir = "."): Settings {
  const str = (k: string): string | undefined => {
    const v = c[k];
    return typeof v === "string" ? v : undefined;
  };
  const num = (k: string): number | undefined => {
    const v = c[k];
    return typeof v === "number" ? v : undefined;
  };
  const given = str("connect_string");
  const address = given ?? `${str("host") ?? "localhost"}:${num("port") ?? DEFAULT_PORT}/${str("service_name") ?? ""}`;
  return {
    connectString: address,
    address,
    user: str("user") ?? "",
    password: str("password") ?? "",
    callTimeoutMs: num("call_timeout_ms"),
    poolMax: num("pool_max") ?? 4,
    thick: thickOptions(c["thick_mode"], baseDir),
  };
}

function thickOptions(v: unknown, baseDir: string): Settings["thick"] {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const dir = (k: string) => (typeof o[k] === "string" ? resolve(baseDir, o[k]) : undefined);
  const libDir = dir("lib_dir");
  const configDir = dir("config_dir");
  return { ...(libDir ? { libDir } : {}), ...(configDir ? { configDir } : {}) };
}

export const oracleConnector: TargetConnector<"oracle", OracleHandle> = {
  type: "oracle",
  connectionSchema: {
    type: "object",
    required: ["user", "password"],
    additionalProperties: false,
    oneOf: [{ required: ["connect_string"] }, { required: ["host", "service_name"] }],
    properties: {
      connect_string: {
        type: "string",
        minLength: 1,
        description: "Easy Connect string host:port/service_name (or a full descriptor).",
      },
      host: { type: "string", minLength: 1 },
      port: { type: "integer", minimum: 1, maximum: 65535, default: DEFAULT_PORT },
      service_name: { type: "string", minLength: 1 },
      user: {
        type: "string",
        minLength: 1,
        description: "A read-only auditing account (see docs/probes/oracle.md for its grants).",
      },
      password: { type: "string", description: "A secret reference: ${env:NAME} or ${file:PATH}." },
      call_timeout_ms: {
        type: "integer",
        minimum: 100,
        description: "Limit per database round trip; defaults to the run timeout.",
      },
      pool_max: { type: "integer", minimum: 1, maximum: 16, default: 4 },
      thick_mode: {
        type: "object",
        additionalProperties: false,
        description:
          "Use node-oracledb thick mode with an Oracle Instant Client you installed (needed only for native network encryption); thin mode when absent. Process-wide: give every Oracle target of a run the same value.",
        properties: {
          lib_dir: {
            type: "string",
            minLength: 1,
            description:
              "Instant Client folder (relative to the project file); omit on Linux when it is on the library path.",
          },
          config_dir: { type: "string", minLength: 1, description: "Folder of tnsnames.ora / sqlnet.ora." },
        },
      },
    },
  },
  describe: (c: JsonObject) => {
    const s = settings(c);
    return { address: s.address, user: s.user };
  },
  async open(c, { timeoutMs, signal, baseDir }) {
    const s = settings(c, baseDir);
    const callTimeoutMs = s.callTimeoutMs ?? timeoutMs;
    const info = { user: s.user, address: s.address, callTimeoutMs, secrets: [s.password] };
    signal.throwIfAborted();
    const { default: oracledb } = await import("oracledb");
    if (s.thick) {
      try {
        // Idempotent for the same options; a different one (NJS-090) or a thin connection made before (NJS-118) throws.
        oracledb.initOracleClient(s.thick);
      } catch (err) {
        throw mapOracleError(err, { ...info, ...(s.thick.libDir ? { clientDir: s.thick.libDir } : {}) });
      }
    }
    let pool: Pool;
    try {
      pool = await oracledb.createPool({
        user: s.user,
        password: s.password,
        connectString: s.connectString,
        poolMin: 0,
        poolMax: s.poolMax,
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
};
