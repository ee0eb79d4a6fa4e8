/**
 * @module Personal-data discovery, dialect-neutral: sampled values of one column → a profile
 * (category, how many values matched, how many are real, masked, or masked but still showing too
 * many digits). Profiles hold counts and shapes only, never a value, so they can go into evidence.
 */
import { categoryFromName, isSynthetic, keptDigits, looksMasked, shapeOf, type Recogniser } from "./personal-data.js";

export interface ColumnProfile {
  readonly table: string;
  readonly column: string;
  /** The category the values (or, for a masked column, the name) show; null when none. */
  readonly category: string | null;
  readonly nameHint: string | null;
  readonly sampled: number;
  /** Values recognised as the category. */
  readonly matched: number;
  /** Recognised values that are not reserved example values: real-looking personal data. */
  readonly real: number;
  readonly masked: number;
  /** Masked values that still show more digits than allowed. */
  readonly weaklyMasked: number;
  /** Shape of one value (letters `x`, digits `9`), for the report; null when nothing was sampled. */
  readonly example: string | null;
}

export interface ProfileOptions {
  /** Share (0–1] of sampled non-null values that must match for the column to hold the category. */
  readonly minShare: number;
  /** Digits a masked value may still show (4 = last four). */
  readonly maxKeptDigits: number;
}

const DIGIT_CATEGORIES = new Set(["card", "ssn", "phone", "iban"]);

export function profileColumn(
  table: string,
  column: string,
  values: Iterable<string | null>,
  rec: Recogniser,
  options: ProfileOptions,
): ColumnProfile {
  const nameHint = categoryFromName(column);
  const counts = new Map<string, { matched: number; real: number; example: string }>();
  let sampled = 0;
  let masked = 0;
  let weaklyMasked = 0;
  let maskedExample: string | null = null;
  for (const v of values) {
    if (v === null || v.trim() === "") continue;
    sampled++;
    if (looksMasked(v)) {
      masked++;
      maskedExample ??= shapeOf(v);
      if (keptDigits(v) > options.maxKeptDigits) weaklyMasked++;
      continue;
    }
    const category = rec.classify(v, nameHint);
    if (!category) continue;
    const c = counts.get(category) ?? { matched: 0, real: 0, example: shapeOf(v) };
    c.matched++;
    if (!isSynthetic(category, v)) c.real++;
    counts.set(category, c);
  }
  let best: [string, { matched: number; real: number; example: string }] | undefined;
  for (const entry of counts) if (!best || entry[1].matched > best[1].matched) best = entry;
  const share = (n: number) => sampled > 0 && n / sampled >= options.minShare;
  if (best && share(best[1].matched)) {
    return {
      table,
      column,
      category: best[0],
      nameHint,
      sampled,
      matched: best[1].matched,
      real: best[1].real,
      masked,
      weaklyMasked: DIGIT_CATEGORIES.has(best[0]) ? weaklyMasked : 0,
      example: best[1].example,
    };
  }
  // A column whose values are masked still holds (masked) personal data of the kind its name says.
  const maskedCategory = nameHint && share(masked) ? nameHint : null;
  return {
    table,
    column,
    category: maskedCategory,
    nameHint,
    sampled,
    matched: 0,
    real: 0,
    masked,
    weaklyMasked: maskedCategory && DIGIT_CATEGORIES.has(maskedCategory) ? weaklyMasked : 0,
    example: maskedCategory ? maskedExample : null,
  };
}
