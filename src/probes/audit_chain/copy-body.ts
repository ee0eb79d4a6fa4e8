/**
 * @module A declared recipe applied to PostgreSQL `COPY` text bytes without making strings: text and
 * stored numbers are copied as they are, `t`/`f` booleans, NULL and the UTC timestamps PostgreSQL
 * prints (`2026-01-01 00:00:01.000123+00`) are rendered byte by byte. Any other value (escaped text,
 * another offset, epoch rendering) goes through the string renderer, so both paths give the same bytes.
 */
import { decodeCopyField } from "../../targets/sql/copy-lines.js";
import type { Recipe } from "./recipe.js";
import { copyBytes as copy } from "./digests.js";

/** Writes a row's rendered fields into a growing buffer; `body` is valid until the next call. */
export class CopyBodyWriter {
  body = Buffer.allocUnsafe(1024);
  #at = 0;
  readonly #d: NonNullable<Recipe["declared"]>;
  readonly #sep: Buffer;
  readonly #null: Buffer;
  readonly #yes: Buffer;
  readonly #no: Buffer;

  constructor(declared: NonNullable<Recipe["declared"]>) {
    this.#d = declared;
    const p = declared.params;
    this.#sep = Buffer.from(p.separator, "utf8");
    this.#null = Buffer.from(p.null, "utf8");
    this.#yes = Buffer.from(p.booleans.true, "utf8");
    this.#no = Buffer.from(p.booleans.false, "utf8");
  }

  /** Render the tab-separated fields in `src[start, end)`; returns the body's length. */
  write(src: Buffer, start: number, end: number): number {
    this.#at = 0;
    const kinds = this.#d.kinds;
    let a = start;
    for (let i = 0; i < kinds.length; i++) {
      let b = src.indexOf(9, a);
      if (b < 0 || b > end || i === kinds.length - 1) b = end;
      if (i > 0) this.#bytes(this.#sep, 0, this.#sep.length);
      this.#field(src, a, b, kinds[i] ?? "text");
      a = b + 1;
    }
    return this.#at;
  }

  #field(src: Buffer, a: number, b: number, kind: string): void {
    if (b - a === 2 && src[a] === 92 && src[a + 1] === 78) return this.#bytes(this.#null, 0, this.#null.length);
    const bs = src.indexOf(92, a);
    if (bs < 0 || bs >= b) {
      if (kind === "text" || (kind === "number" && this.#d.params.numbers === "as_stored"))
        return this.#bytes(src, a, b);
      if (kind === "boolean" && b - a === 1 && (src[a] === 116 || src[a] === 102)) {
        const v = src[a] === 116 ? this.#yes : this.#no;
        return this.#bytes(v, 0, v.length);
      }
      if (kind === "timestamp" && this.#timestamp(src, a, b)) return;
    }
    const text = decodeCopyField(src.toString("utf8", a, b));
    const out = this.#d.render(text, kind === "text" ? "text" : (kind as "timestamp" | "number" | "boolean"));
    this.#reserve(3 * out.length);
    this.#at += this.body.write(out, this.#at, "utf8");
  }

  /** `YYYY-MM-DD HH:MM:SS[.ffffff]+00` as ISO 8601 with `T`/`Z` and fixed fraction digits; false for anything else. */
  #timestamp(src: Buffer, a: number, b: number): boolean {
    const p = this.#d.params;
    if (p.timestamps !== "iso" || b - a < 22 || src[a + 10] !== 32 || src[b - 3] !== 43) return false;
    if (src[b - 2] !== 48 || src[b - 1] !== 48 || src[a + 4] !== 45 || src[a + 13] !== 58) return false;
    const fracStart = src[a + 19] === 46 ? a + 20 : -1;
    if (fracStart < 0 && b - 3 !== a + 19) return false;
    const fracLen = fracStart < 0 ? 0 : b - 3 - fracStart;
    const d = p.fraction_digits;
    this.#reserve(21 + d);
    const out = this.body;
    let at = this.#at;
    at += copy(src, a, a + 10, out, at);
    out[at++] = 84; // T
    at += copy(src, a + 11, a + 19, out, at);
    if (d > 0) {
      out[at++] = 46; // .
      const n = Math.min(d, fracLen);
      at += copy(src, fracStart, fracStart + n, out, at);
      for (let k = n; k < d; k++) out[at++] = 48;
    }
    out[at++] = 90; // Z
    this.#at = at;
    return true;
  }

  #bytes(src: Buffer, a: number, b: number): void {
    this.#reserve(b - a);
    this.#at += copy(src, a, b, this.body, this.#at);
  }

  #reserve(n: number): void {
    if (this.#at + n <= this.body.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.body.length * 2, this.#at + n));
    this.body.copy(bigger, 0, 0, this.#at);
    this.body = bigger;
  }
}
