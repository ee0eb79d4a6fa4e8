/**
 * @module A chain's params compiled once into what every source needs: the fields to read (columns,
 * SQL expressions or JSON fields, each with its kind), how their values become the record's text
 * (`body`), and the verifier's `ChainRules`. The built-in form (no `recipe`) is the same machinery
 * with fixed settings: SHA-256, hex, `h_{i-1}` as 32 raw bytes (or hex) before COPY text or a JSON
 * array, 64 zeros as genesis.
 */
import { canonicalize } from "./canonical.js";
import type { ChainParams, FieldParam, RecipeParams } from "./params.js";
import { renderer, type FieldKind, type FieldValue, type Renderer } from "./render.js";
import type { ChainRules } from "./verifier.js";

export interface Field {
  /** Column or JSON field name, or a SQL expression. */
  readonly column?: string;
  readonly sql?: string;
  readonly kind: FieldKind;
}

export interface Recipe {
  readonly rules: ChainRules;
  /** What the source reads after the sequence, hash (and previous hash): the fields, or the payload expression. */
  readonly fields: readonly Field[];
  /** True when the payload is one SQL expression (`payload_sql`). */
  readonly payloadSql: boolean;
  /** PostgreSQL COPY text bytes after the stored hashes are the body as they stand (built-in `text` form). */
  readonly copyBytes: boolean;
  /** The record's text from its field values, in order. */
  body(values: readonly FieldValue[]): string;
  /** A declared recipe's settings, the fields' kinds and its renderer (for byte-level fast paths). */
  readonly declared?: {
    readonly params: RecipeParams;
    readonly kinds: readonly FieldKind[];
    readonly render: Renderer;
  };
}

const ZEROS = "0".repeat(64);

export function fieldOf(f: FieldParam): Field {
  if (typeof f === "string") return { column: f, kind: "text" };
  return "sql" in f ? { sql: f.sql, kind: f.as ?? "text" } : { column: f.column, kind: f.as ?? "text" };
}

/** Text of a JSON value for the built-in forms: strings as-is, other scalars as JSON text. */
function textOf(value: FieldValue): string | null {
  if (value === null) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function compileRecipe(chain: ChainParams): Recipe {
  const anchor = chain.anchor ?? "genesis";
  const storedPrevious = chain.prev_hash_column !== undefined;
  // The engine fills the recipe's defaults from its schema before `run` (withDefault in ./params.ts).
  const recipe = chain.recipe as RecipeParams | undefined;
  if (recipe === undefined) {
    const form = chain.canonical ?? "text";
    return {
      rules: {
        algorithm: "sha256",
        encoding: "hex",
        previous: "prefix",
        joiner: "",
        previousForm: chain.chain_input === "hex" ? "text" : "raw",
        genesis: (chain.genesis_hash ?? ZEROS).toLowerCase(),
        storedPrevious,
        anchor,
      },
      fields: chain.columns.map(fieldOf),
      payloadSql: false,
      copyBytes: form === "text",
      body: (values) => canonicalize(form, values.map(textOf)),
    };
  }
  const render = renderer(recipe);
  const payloadSql = recipe.payload_sql !== undefined;
  const fields = payloadSql ? [{ sql: recipe.payload_sql ?? "", kind: "text" as const }] : chain.columns.map(fieldOf);
  const kinds = fields.map((f) => f.kind);
  const sep = recipe.separator;
  return {
    rules: {
      algorithm: recipe.algorithm,
      encoding: recipe.encoding,
      // The payload expression yields the exact bytes hashed: nothing is added to it.
      previous: payloadSql ? "none" : recipe.previous,
      joiner: recipe.previous_joined ? sep : "",
      previousForm: recipe.previous_form,
      genesis: recipe.genesis,
      storedPrevious,
      anchor,
    },
    fields,
    payloadSql,
    copyBytes: false,
    declared: { params: recipe, kinds, render },
    body: (values) => {
      let out = "";
      for (let i = 0; i < values.length; i++)
        out += (i === 0 ? "" : sep) + render(values[i] ?? null, kinds[i] ?? "text");
      return out;
    },
  };
}
