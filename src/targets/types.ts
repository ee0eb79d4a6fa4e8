/**
 * @module The target connector contract. A connector turns a declared target's connection settings
 * (secrets already resolved) into a handle that probes use, and describes the target without secrets.
 * Add a target type by adding its connector file, a line to `TargetHandleMap` and one in index.ts.
 */
import type { JsonObject, JsonSchema } from "../model/json.js";
import type { EndpointHandle } from "./endpoint.js";
import type { FileHandle } from "./file.js";
import type { PgHandle } from "./postgres.js";
import type { OracleHandle } from "./oracle/session.js";

/** Target type → the handle its probes receive in `ctx.target.handle`. */
export interface TargetHandleMap {
  file: FileHandle;
  postgres: PgHandle;
  endpoint: EndpointHandle;
  oracle: OracleHandle;
}

export type TargetType = keyof TargetHandleMap;

export interface OpenOptions {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Folder of the project file: relative paths in connection settings resolve against it. */
  readonly baseDir: string;
}

export interface TargetConnector<T extends TargetType> {
  readonly type: T;
  /** JSON Schema of `targets[].connection` for this type. */
  readonly connectionSchema: JsonSchema;
  /** The target without secrets (host, port, database, url, path) for inventories and reports. */
  describe(connection: JsonObject): JsonObject;
  /** Open (or lazily prepare) the target; errors must not contain secrets (the engine also redacts). */
  open(connection: JsonObject, options: OpenOptions): Promise<TargetHandleMap[T]>;
  close(handle: TargetHandleMap[T]): Promise<void>;
}

/** A connector of unknown type, as the registry holds them. */
export interface AnyConnector {
  readonly type: TargetType;
  readonly connectionSchema: JsonSchema;
  describe(connection: JsonObject): JsonObject;
  open(connection: JsonObject, options: OpenOptions): Promise<TargetHandleMap[TargetType]>;
  close(handle: TargetHandleMap[TargetType]): Promise<void>;
}
