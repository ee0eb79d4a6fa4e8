/**
 * @module The target connector contract. A connector turns a declared target's connection settings
 * (secrets already resolved) into a handle that probes use, and describes the target without secrets.
 * Each connector declares its own handle type; index.ts maps target types to handles.
 */
import type { JsonObject, JsonSchema } from "../model/json.js";

export interface OpenOptions {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Folder of the project file: relative paths in connection settings resolve against it. */
  readonly baseDir: string;
}

export interface TargetConnector<T extends string, H> {
  readonly type: T;
  /** JSON Schema of `targets[].connection` for this type. */
  readonly connectionSchema: JsonSchema;
  /** The target without secrets (host, port, database, url, path) for inventories and reports. */
  describe(connection: JsonObject): JsonObject;
  /** Open (or lazily prepare) the target; errors must not contain secrets (the engine also redacts). */
  open(connection: JsonObject, options: OpenOptions): Promise<H>;
  close(handle: H): Promise<void>;
}
