/** @module `file` targets: a local file such as an application config or an identity-provider export. */
import { readFile, stat } from "node:fs/promises";
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
    return Promise.resolve({
      path,
      format,
      readText: (signal?: AbortSignal) => readFile(path, signal ? { encoding: "utf8", signal } : { encoding: "utf8" }),
      size: async () => (await stat(path)).size,
    });
  },
  close: () => Promise.resolve(),
};
