/** @module ISO 8601 durations on calendar days (UTC): when an attestation made on a day lapses. */

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;

/** `true` for P1M, P3M, P1Y, P90D, P2W …; `P` alone is not a duration. */
export function isDuration(s: string): boolean {
  return s !== "P" && DURATION.test(s);
}

/** `day` (YYYY-MM-DD) plus the duration, as YYYY-MM-DD. A month added to 31 January gives 3 March (Date rollover). */
export function addDuration(day: string, duration: string): string {
  const m = DURATION.exec(duration);
  if (!m || duration === "P")
    throw new RangeError(`not an ISO 8601 duration of years, months, weeks or days: ${duration}`);
  const d = new Date(`${day}T00:00:00Z`);
  const [y, mo, w, dd] = [m[1], m[2], m[3], m[4]].map((v) => Number(v ?? 0));
  d.setUTCFullYear(
    d.getUTCFullYear() + (y ?? 0),
    d.getUTCMonth() + (mo ?? 0),
    d.getUTCDate() + 7 * (w ?? 0) + (dd ?? 0),
  );
  return d.toISOString().slice(0, 10);
}
