/** @module `file` targets: a local file such as an application config or an identity-provider export. */
import { stat } from "node:fs/promises";
import { readCapped } from "./read-capped.js";

/** Default cap on a file target (`max_bytes` in the connection raises or lowers it). */
export const DEFAULT_FILE_TARGET_BYTES = 16 * 1024 * 1024;
import { resolve } from "node:path";
import { Type } from "@sinclair/typebox";
import { closedObject, withDefault } from "../schema/typebox.js";
import { defineConnector } from "./types.js";

export interface FileHandle {
  /** Absolute path. */
  readonly path: string;
  /** Format hint from the connection (`yaml`, `json`, `env`, `csv`, `keycloak`…), or from the extension. */
  readonly format: string | undefined;
  readText(signal?: AbortSignal): Promise<string>;
  size(): Promise<number>;
}

export const fileConnection = closedObject({
  path: Type.String({ minLength: 1, description: "Path to the file, relative to the project file." }),
  max_bytes: withDefault(
    Type.Integer({
      minimum: 1,
      maximum: 1073741824,
      description: "Largest file Assay reads for this target, in bytes.",
    }),
    DEFAULT_FILE_TARGET_BYTES,
  ),
  format: Type.Optional(
    Type.String({ description: "Format hint (yaml, json, env, csv, keycloak); defaults to the extension." }),
  ),
});

export const fileConnector = defineConnector({
  type: "file",
  connectionSchema: fileConnection,
  describe: (c) => ({ path: c.path, ...(c.format ? { format: c.format } : {}) }),
  open(c, { baseDir }): Promise<FileHandle> {
    const path = resolve(baseDir, c.path);
    return Promise.resolve({
      path,
      format: c.format,
      readText: async (signal?: AbortSignal) =>
        (await readCapped(path, c.max_bytes, "file target", signal)).toString("utf8"),
      size: async () => (await stat(path)).size,
    });
  },
  close: () => Promise.resolve(),
});
