/**
 * @module The `audit_chain` probe's params, declared once with TypeBox: the chain's layout (table,
 * sequence, hash and optional previous-hash columns, the record's fields) and the optional `recipe`
 * that says how the program that wrote the chain built each hash. Without `recipe`, the built-in
 * form `SHA-256(h_{i-1} ‖ canonical(record))` (COPY text or JSON array) applies, as before.
 */
import { Type } from "@sinclair/typebox";
import type { ParamsOf } from "../define.js";
import { paramsObject, withDefault } from "../params.js";

/** Identifiers up to Oracle's 128 characters; PostgreSQL's 63 is enforced when the SQL is built. */
const ident = Type.String({ minLength: 1, maxLength: 128 });

/** How a field's value is read before it is rendered (`text`: as the source prints it). */
const kind = Type.Union([
  Type.Literal("text"),
  Type.Literal("timestamp"),
  Type.Literal("number"),
  Type.Literal("boolean"),
]);

/** One field of the record: a column (or JSON field) name, or an object naming a column or a SQL expression and its kind. */
export const fieldSchema = Type.Union([
  ident,
  Type.Object({ column: ident, as: Type.Optional(kind) }, { additionalProperties: false }),
  Type.Object(
    { sql: Type.String({ minLength: 1, maxLength: 2000, pattern: "^[^;]*$" }), as: Type.Optional(kind) },
    { additionalProperties: false },
  ),
]);

export const recipeSchema = Type.Object(
  {
    /** Joins the rendered fields (and the previous hash unless `previous_joined` is false). */
    separator: withDefault(Type.String({ maxLength: 16 }), "|"),
    /** Where `h_{i-1}` goes in the payload; `none`: the fields (or `payload_sql`) already say everything. */
    previous: withDefault(Type.Union([Type.Literal("prefix"), Type.Literal("suffix"), Type.Literal("none")]), "suffix"),
    /** Joined to the fields with the separator (true) or concatenated directly (false). */
    previous_joined: withDefault(Type.Boolean(), true),
    /** `text`: the previous hash as stored (hex, base64…); `raw`: its digest bytes. */
    previous_form: withDefault(Type.Union([Type.Literal("text"), Type.Literal("raw")]), "text"),
    /** The previous hash of the first record, as text (with `previous_form: raw`: hex of the bytes). */
    genesis: withDefault(Type.String({ maxLength: 256 }), ""),
    timestamps: withDefault(
      Type.Union([
        Type.Literal("iso"),
        Type.Literal("postgres"),
        Type.Literal("epoch_seconds"),
        Type.Literal("epoch_millis"),
      ]),
      "iso",
    ),
    /** Fractional-second digits of `iso` timestamps (0: none). */
    fraction_digits: withDefault(Type.Integer({ minimum: 0, maximum: 6 }), 3),
    /** `as_stored`: the number as the source prints it; `trim`: trailing fractional zeros removed. */
    numbers: withDefault(Type.Union([Type.Literal("as_stored"), Type.Literal("trim")]), "as_stored"),
    null: withDefault(Type.String({ maxLength: 16 }), ""),
    booleans: withDefault(
      Type.Object(
        { true: Type.String({ maxLength: 16 }), false: Type.String({ maxLength: 16 }) },
        { additionalProperties: false },
      ),
      { true: "true", false: "false" },
    ),
    algorithm: withDefault(
      Type.Union([Type.Literal("sha256"), Type.Literal("sha512"), Type.Literal("sha3-256")]),
      "sha256",
    ),
    encoding: withDefault(Type.Union([Type.Literal("hex"), Type.Literal("base64"), Type.Literal("bytea")]), "hex"),
    /** Escape hatch (database targets): a SQL expression whose text is the exact payload of each row. */
    payload_sql: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, pattern: "^[^;]*$" })),
  },
  { additionalProperties: false },
);

export type RecipeParams = ParamsOf<typeof recipeSchema>;
export type FieldParam = (typeof fieldSchema)["static"];

export const chainSchema = Type.Object(
  {
    /** `schema.table` of the audit table (database targets). */
    table: Type.Optional(Type.String({ minLength: 1 })),
    sequence_column: ident,
    hash_column: ident,
    /** The stored previous hash, when the writer keeps it: each record's own hash is then checked apart from the linkage. */
    prev_hash_column: Type.Optional(ident),
    /** The record's fields in order (may include the sequence). */
    columns: Type.Array(fieldSchema, { minItems: 1 }),
    /** Built-in form only: `text` (COPY text, default) or `json` (JSON array). */
    canonical: Type.Optional(Type.Union([Type.Literal("text"), Type.Literal("json")])),
    anchor: Type.Optional(Type.Union([Type.Literal("genesis"), Type.Literal("first-row")])),
    /** Built-in form only: `h_0`, 64 hex characters (default 64 zeros). */
    genesis_hash: Type.Optional(Type.String({ pattern: "^[0-9a-fA-F]{64}$" })),
    /** Built-in form only: `h_{i-1}` as its 32 bytes (`raw`, default) or 64 hex characters. */
    chain_input: Type.Optional(Type.Union([Type.Literal("raw"), Type.Literal("hex")])),
    recipe: Type.Optional(recipeSchema),
  },
  { additionalProperties: false },
);

export const auditChainParams = paramsObject({ chain: chainSchema });
export type ChainParams = (typeof chainSchema)["static"];
