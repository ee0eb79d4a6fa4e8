/** @module The explicit registry of target connectors, keyed by target type, and the handle each gives probes. */
import type { JsonObject, JsonSchema } from "../model/json.js";
import { endpointConnector, type EndpointHandle } from "./endpoint.js";
import { fileConnector, type FileHandle } from "./file.js";
import { postgresConnector, type PgHandle } from "./postgres.js";
import { oracleConnector, type OracleHandle } from "./oracle.js";
import type { OpenOptions } from "./types.js";

/** Target type → the handle its probes receive in `ctx.target.handle`. Add a line with each connector. */
export interface TargetHandleMap {
  file: FileHandle;
  postgres: PgHandle;
  endpoint: EndpointHandle;
  oracle: OracleHandle;
}

export type TargetType = keyof TargetHandleMap;

/** A connector of unknown type, as the registry holds them. */
export interface AnyConnector {
  readonly type: TargetType;
  readonly connectionSchema: JsonSchema;
  describe(connection: JsonObject): JsonObject;
  open(connection: JsonObject, options: OpenOptions): Promise<TargetHandleMap[TargetType]>;
  close(handle: TargetHandleMap[TargetType]): Promise<void>;
}

export const CONNECTORS: Readonly<Record<TargetType, AnyConnector>> = {
  file: fileConnector,
  postgres: postgresConnector,
  endpoint: endpointConnector,
  oracle: oracleConnector,
};

export function isTargetType(t: string): t is TargetType {
  return Object.hasOwn(CONNECTORS, t);
}

export type { TargetConnector, OpenOptions } from "./types.js";
