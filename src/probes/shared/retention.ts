/**
 * @module Storage limitation, dialect-neutral. A dataset declares a table, the timestamp column
 * retention counts from, the retention in days and an optional grace (the purge cadence). A row is
 * overdue when `timestamp < now − (retention_days + grace_days)`; the pass criterion is zero
 * overdue rows (GDPR Art. 5(1)(e), ISO A.8.10). Audit logs also need a *range*: kept at least
 * `min_days` (investigations, ISO A.8.15) and at most `max_days` (storage limitation for logs).
 *
 * Datasets come from a target attribute (`${target:retention_datasets}`) as a list of
 * `{ table: schema.table, timestamp_column, retention_days, grace_days? }`.
 */
import { AssayError } from "../../errors.js";
import { sessionTextOf } from "../../targets/oracle/dates.js";
import {
  placeholder,
  qualifiedName,
  quoteIdent,
  statement,
  type SqlSource,
  type SqlStatement,
} from "../../targets/sql/sql.js";

type RetentionRow = { overdue: unknown; rows: unknown; oldest: unknown };

export interface Dataset {
  readonly table: string;
  readonly timestampColumn: string;
  readonly retentionDays: number;
  readonly graceDays?: number;
}

export interface DatasetObservation {
  readonly dataset: Dataset;
  readonly cutoff: string;
  readonly overdue: number;
  readonly rows: number;
  /** Age in whole days of the oldest row, null for an empty table. */
  readonly oldestAgeDays: number | null;
}

export class DatasetError extends AssayError {
  override readonly name = "DatasetError";
}

const DAY_MS = 86_400_000;

/** Validate the attribute value; snake_case keys as written in YAML. */
export function parseDatasets(value: unknown): Dataset[] {
  if (!Array.isArray(value))
    throw new DatasetError(
      "retention datasets must be a list of { table, timestamp_column, retention_days, grace_days? }",
    );
  return value.map((d: unknown, i) => {
    const o = (typeof d === "object" && d !== null ? d : {}) as Record<string, unknown>;
    const { table, timestamp_column: ts, retention_days: days, grace_days: grace } = o;
    if (typeof table !== "string" || typeof ts !== "string")
      throw new DatasetError(`dataset ${i + 1} needs table and timestamp_column`);
    if (typeof days !== "number" || !(days >= 0))
      throw new DatasetError(`dataset ${table}: retention_days must be a non-negative number`);
    if (grace !== undefined && (typeof grace !== "number" || !(grace >= 0)))
      throw new DatasetError(`dataset ${table}: grace_days must be a non-negative number`);
    return {
      table,
      timestampColumn: ts,
      retentionDays: days,
      ...(typeof grace === "number" ? { graceDays: grace } : {}),
    };
  });
}

/** Rows older than this instant are overdue. */
export function retentionCutoff(now: Date, dataset: Dataset, defaultGraceDays = 0): Date {
  return new Date(now.getTime() - (dataset.retentionDays + (dataset.graceDays ?? defaultGraceDays)) * DAY_MS);
}

/** One query per dataset: overdue count, row count, oldest timestamp. */
export function retentionSql(source: Pick<SqlSource, "dialect">, dataset: Dataset): string {
  const d = source.dialect;
  const t = qualifiedName(d, dataset.table);
  const c = quoteIdent(d, dataset.timestampColumn);
  return d === "oracle"
    ? // The cutoff is bound as UTC text: a bound JavaScript Date would be read in the host's time zone.
      `SELECT COUNT(CASE WHEN ${c} < TO_TIMESTAMP(${placeholder(d, 1)}, 'YYYY-MM-DD"T"HH24:MI:SS.FF3') THEN 1 END) AS "overdue", COUNT(*) AS "rows", MIN(${c}) AS "oldest" FROM ${t}`
    : `SELECT count(*) FILTER (WHERE ${c} < ${placeholder(d, 1)}) AS overdue, count(*) AS rows, min(${c}) AS oldest FROM ${t}`;
}

/** The dataset's statement, named `<probe>.dataset` and reading the dataset's table. */
export function retentionStatement(
  probe: string,
  source: Pick<SqlSource, "dialect">,
  dataset: Dataset,
): SqlStatement<RetentionRow> {
  return statement<RetentionRow>({
    name: `${probe}.dataset`,
    sql: retentionSql(source, dataset),
    views: [source.dialect === "oracle" ? dataset.table.toUpperCase() : dataset.table],
    columns: ["overdue", "rows", "oldest"],
  });
}

/** Observe every dataset through any SQL source; a failing dataset throws with its table named. */
export async function observeRetention(
  probe: string,
  source: SqlSource,
  datasets: readonly Dataset[],
  now: Date,
  defaultGraceDays: number,
  signal?: AbortSignal,
): Promise<DatasetObservation[]> {
  const out: DatasetObservation[] = [];
  for (const dataset of datasets) {
    const cutoff = retentionCutoff(now, dataset, defaultGraceDays);
    const bound = source.dialect === "oracle" ? sessionTextOf(cutoff) : cutoff;
    const [row] = await source.query(retentionStatement(probe, source, dataset), [bound], signal);
    const raw = row?.oldest;
    const oldest =
      raw instanceof Date ? raw : typeof raw === "string" || typeof raw === "number" ? new Date(raw) : null;
    out.push({
      dataset,
      cutoff: cutoff.toISOString(),
      overdue: Number(row?.overdue ?? 0),
      rows: Number(row?.rows ?? 0),
      oldestAgeDays:
        oldest && !Number.isNaN(oldest.getTime()) ? Math.floor((now.getTime() - oldest.getTime()) / DAY_MS) : null,
    });
  }
  return out;
}

export type RangeVerdict = "within" | "below_min" | "above_max";

/** Is a retention period (days) within [minDays, maxDays]? */
export function retentionRange(days: number, minDays: number, maxDays: number): RangeVerdict {
  if (days < minDays) return "below_min";
  if (days > maxDays) return "above_max";
  return "within";
}
