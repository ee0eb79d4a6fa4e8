/** @module The explicit registry of target connectors, keyed by target type. */
import { endpointConnector } from "./endpoint.js";
import { fileConnector } from "./file.js";
import { postgresConnector } from "./postgres.js";
import { oracleConnector } from "./oracle.js";
import type { AnyConnector, TargetType } from "./types.js";

export const CONNECTORS: Readonly<Record<TargetType, AnyConnector>> = {
  file: fileConnector,
  postgres: postgresConnector,
  endpoint: endpointConnector,
  oracle: oracleConnector,
};

export function isTargetType(t: string): t is TargetType {
  return Object.hasOwn(CONNECTORS, t);
}

export type { TargetHandleMap, TargetType, TargetConnector, AnyConnector, OpenOptions } from "./types.js";
