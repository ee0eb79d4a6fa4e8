/**
 * @module Inventory files named by the project (`inventory.files`) and the connection templates of
 * `inventory.groups`: every entry extends its group's template (type, tags, connection, attributes),
 * so a row holds only what differs. Secrets stay `${env:…}`/`${file:…}` references, resolved
 * where the probe runs. The result is one Source per file in the shape of the project's `targets:`.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { relative, resolve } from "node:path";
import type { JsonObject, JsonSchema, JsonValue } from "../model/json.js";
import { CONNECTORS, isTargetType } from "../targets/index.js";
import { list, obj, str, strs, type LoadContext } from "./context.js";
import { inventoryFormat, parseInventory } from "./inventory-formats.js";
import type { Locus } from "./problems.js";
import { checkProjectRefs } from "./project.js";
import { validate } from "../schema/ajv.js";
import { inputSchema } from "./schema.js";
import type { Source } from "./source.js";
import { didYouMean } from "../schema/suggest.js";

/** Inventory files may list tens of thousands of targets, but not more than this many bytes. */
export const MAX_INVENTORY_BYTES = 64 * 1024 * 1024;

interface FileRef {
  readonly path: string;
  readonly group?: string;
  readonly at: Locus;
}

/** Read, validate and expand every inventory file; problems go to the context, each with `file:line:col`. */
export async function loadInventory(project: Source, ctx: LoadContext): Promise<Source[]> {
  const inv = obj(obj(project.data)["inventory"]);
  const groups = obj(inv["groups"]);
  const refs: FileRef[] = list(inv["files"]).flatMap((f, i): FileRef[] => {
    const at: Locus = { src: project, path: ["inventory", "files", i] };
    if (typeof f === "string") return [{ path: f, at }];
    const path = str(obj(f)["path"]);
    const group = str(obj(f)["group"]);
    if (path === undefined) return [];
    if (group !== undefined && !(group in groups))
      ctx.problems.error(
        { src: project, path: ["inventory", "files", i, "group"] },
        `unknown inventory group "${group}"${didYouMean(group, Object.keys(groups))}`,
      );
    return [{ path, ...(group !== undefined ? { group } : {}), at }];
  });
  const sources = await Promise.all(refs.map((r) => readOne(r, ctx)));
  return sources.flatMap((src, i) => (src ? [expand(src, refs[i]?.group, groups, ctx)] : []));
}

async function readOne(ref: FileRef, ctx: LoadContext): Promise<Source | undefined> {
  const file = resolve(ctx.baseDir, ref.path);
  const shown = relative(ctx.baseDir, file) || file;
  const format = inventoryFormat(file);
  if (!format) {
    ctx.problems.error(ref.at, `inventory file ${shown}: use .yaml, .yml, .jsonl, .ndjson or .csv`);
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = await readCapped(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EFBIG"
          ? `larger than ${MAX_INVENTORY_BYTES} bytes`
          : (code ?? "unreadable");
    ctx.problems.error(ref.at, `cannot read inventory file ${shown}: ${why}`);
    return undefined;
  }
  ctx.inputs.set(file, createHash("sha256").update(bytes).digest("hex"));
  const src = parseInventory(file, bytes.toString("utf8"), format);
  for (const e of src.syntaxErrors) ctx.problems.error({ file, line: e.line, col: e.col }, e.message);
  for (const issue of validate(inputSchema("inventory"), src.data))
    ctx.problems.error({ src, path: issue.path, part: issue.part }, issue.message);
  checkProjectRefs(src, ctx);
  return src;
}

/** Only regular files, read up to the cap: a FIFO or /dev/zero must not hang or fill memory. */
async function readCapped(file: string): Promise<Buffer> {
  const fh = await open(file, "r");
  try {
    const st = await fh.stat();
    if (!st.isFile())
      throw Object.assign(new Error("not a regular file"), { code: st.isDirectory() ? "EISDIR" : "ENOTREG" });
    if (st.size > MAX_INVENTORY_BYTES) throw Object.assign(new Error("too large"), { code: "EFBIG" });
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

/** Entries merged with their group's template: the shape `buildTargets` reads, positions kept. */
function expand(src: Source, fileGroup: string | undefined, groups: Record<string, unknown>, ctx: LoadContext): Source {
  const targets = list(obj(src.data)["targets"]).map((raw, i) => {
    const entry = obj(raw);
    const groupName = str(entry["group"]) ?? fileGroup;
    const template = groupName !== undefined ? obj(groups[groupName]) : {};
    if (groupName !== undefined && !(groupName in groups)) {
      if (str(entry["group"]) !== undefined)
        ctx.problems.error(
          { src, path: ["targets", i, "group"] },
          `unknown inventory group "${groupName}"${didYouMean(groupName, Object.keys(groups))}`,
        );
      return entry;
    }
    const type = str(entry["type"]) ?? str(template["type"]);
    const connection = { ...obj(template["connection"]), ...obj(entry["connection"]) } as JsonObject;
    const merged: Record<string, unknown> = {
      ...entry,
      ...(type !== undefined ? { type } : {}),
      tags: [...new Set([...strs(template["tags"]), ...strs(entry["tags"])])],
      connection:
        type !== undefined && isTargetType(type) ? coerce(connection, CONNECTORS[type].connectionSchema) : connection,
      attributes: { ...obj(template["attributes"]), ...obj(entry["attributes"]) },
      ...(groupName !== undefined ? { group: groupName } : {}),
    };
    if (type === undefined)
      ctx.problems.error({ src, path: ["targets", i] }, `target has no type: give it a type or a group that has one`);
    return merged;
  });
  return { ...src, data: { targets } };
}

/** CSV cells are strings: read numbers and booleans where the connector's schema asks for them. */
function coerce(value: JsonObject, schema: JsonSchema): JsonObject {
  const props = obj(obj(schema)["properties"]);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const p = obj(props[k]);
    out[k] = coerceValue(v, p);
  }
  return out;
}

function coerceValue(v: JsonValue, schema: Record<string, unknown>): JsonValue {
  const type = schema["type"];
  if (typeof v === "string") {
    if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
    if (type === "boolean" && (v === "true" || v === "false")) return v === "true";
    return v;
  }
  if (v && typeof v === "object" && !Array.isArray(v) && type === "object") return coerce(v, schema);
  return v;
}
