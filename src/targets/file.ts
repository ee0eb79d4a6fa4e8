/** @module `file` targets: a local file such as an application config or an identity-provider export. */
import { stat } from "node:fs/promises";
import { readCapped } from "./read-capped.js";

/** Default cap on a file target (`max_bytes` in the connection raises or lowers it). */
export const DEFAULT_FILE_TARGET_BYTES = 16 * 1024 * 1024;
import { resolve } from "node:path";
import type { JsonObject } from "../model/json.js";
import type { TargetConnector } from "./types.js";

export interface FileHandle {
  /** Absolute path. */
  readonly path: string;
  /** Format hint from the connection (`yaml`, `json`, `env`, `csv`, `keycloak`…), or from the extension. */
  readonly format: string | undefined;
  readText(signal?: AbortSignal): Promise<string>;
  size(): Promise<number>;
}

export const fileConnector: TargetConnector<"file", FileHandle> = {
  type: "file",
  connectionSchema: {
    type: "object",
    required: ["path"],
    additionalProperties: false,
    properties: {
      path: { type: "string", minLength: 1, description: "Path to the file, relative to the project file." },
      max_bytes: {
        type: "integer",
        minimum: 1,
        maximum: 1073741824,
        description: "Largest file Assay reads for this target, in bytes; default 16 MiB.",
      },
      format: {
        type: "string",
        description: "Format hint (yaml, json, env, csv, keycloak); defaults to the extension.",
      },
    },
  },
  describe: (c: JsonObject) => ({ path: c["path"] as string, ...(c["format"] ? { format: c["format"] } : {}) }),
  open(c, { baseDir }) {
    const path = resolve(baseDir, c["path"] as string);
    const format = typeof c["format"] === "string" ? c["format"] : undefined;
    const maxBytes = typeof c["max_bytes"] === "number" ? c["max_bytes"] : DEFAULT_FILE_TARGET_BYTES;
    return Promise.resolve({
      path,
      format,
      readText: async (signal?: AbortSignal) =>
        (await readCapped(path, maxBytes, "file target", signal)).toString("utf8"),
      size: async () => (await stat(path)).size,
    });
  },
  close: () => Promise.resolve(),
};
