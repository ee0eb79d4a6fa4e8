/**
 * @module The target connector contract. A connector turns a declared target's connection settings
 * (secrets already resolved) into a handle that probes use, and describes the target without secrets.
 * Each connector declares its connection once, with TypeBox (schema, type and defaults in one
 * place), and its own handle type; index.ts maps target types to handles.
 */
import type { Static, TObject } from "@sinclair/typebox";
import type { JsonObject } from "../model/json.js";
import { type Filled, filled } from "../schema/typebox.js";

export interface OpenOptions {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Folder of the project file: relative paths in connection settings resolve against it. */
  readonly baseDir: string;
}

export interface TargetConnector<T extends string, H, S extends TObject = TObject> {
  readonly type: T;
  /** Schema of `targets[].connection` for this type (closed; validated by the one ajv at load). */
  readonly connectionSchema: S;
  /** The target without secrets (host, port, database, url, path) for inventories and reports. */
  describe(connection: Static<S>): JsonObject;
  /** Open (or lazily prepare) the target; errors must not contain secrets (the engine also redacts). */
  open(connection: Static<S>, options: OpenOptions): Promise<H>;
  close(handle: H): Promise<void>;
}

/**
 * A connector whose `describe` and `open` receive the connection validated by the one ajv with its
 * schema's defaults filled in (`withDefault`), so connector code reads typed values and never
 * writes a default again. A connection that does not match the schema throws (values hidden);
 * keys it does not know are ignored here (the catalog rejects them at load).
 */
export function defineConnector<T extends string, H, S extends TObject>(connector: {
  readonly type: T;
  readonly connectionSchema: S;
  describe(connection: Filled<S>): JsonObject;
  open(connection: Filled<S>, options: OpenOptions): Promise<H>;
  close(handle: H): Promise<void>;
}): TargetConnector<T, H, S> {
  // Unknown keys are load errors at their file:line:col (the catalog); here they are not read, so a
  // hand-built target (tests, fleet specs) may carry extra keys such as a `host` for selection.
  const fill = (c: Static<S>) =>
    filled(connector.connectionSchema, c, `${connector.type} connection`, { unknownKeys: "ignore" });
  return {
    type: connector.type,
    connectionSchema: connector.connectionSchema,
    describe: (c) => connector.describe(fill(c)),
    // A throw from `fill` becomes a rejection, as every other open failure.
    open: async (c, options) => connector.open(fill(c), options),
    close: (h) => connector.close(h),
  };
}
