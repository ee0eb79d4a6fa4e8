/** @module `assay requests`: the evidence requests of the next period, from the project's attestations (no target is contacted). */
import { loadSpec } from "../catalog/index.js";
import { evidenceRequests } from "../evaluate/requests.js";
import { isDuration } from "../evaluate/dates.js";
import { REQUEST_FORMATS, renderRequests, type RequestFormat } from "../report/requests.js";
import { formatProblem } from "./format.js";

export interface RequestsCliOptions {
  readonly project: string;
  readonly dueWithin: string;
  readonly format: string;
  readonly today?: string;
  /** `--json`: the same as `--format json` (commander refuses both together). */
  readonly json?: boolean;
}

/** `30d`, `2w`, `3m`, `1y` or an ISO 8601 duration → ISO 8601 duration; null when neither. */
export function parseWithin(s: string): string | null {
  const short = /^(\d+)([dwmy])$/i.exec(s);
  if (short) return `P${short[1]}${(short[2] ?? "d").toUpperCase()}`;
  return isDuration(s) ? s : null;
}

export async function requestsCommand(opts: RequestsCliOptions): Promise<number> {
  const within = parseWithin(opts.dueWithin);
  if (within === null) {
    process.stderr.write(
      `assay requests: --due-within ${opts.dueWithin} is not a duration (30d, 2w, 3m, 1y or P30D)\n`,
    );
    return 2;
  }
  const format = opts.json ? "json" : opts.format;
  if (!(REQUEST_FORMATS as readonly string[]).includes(format)) {
    process.stderr.write(`assay requests: unknown format "${format}"; known: ${REQUEST_FORMATS.join(", ")}\n`);
    return 2;
  }
  const now = opts.today ? new Date(`${opts.today}T12:00:00Z`) : new Date();
  const loaded = await loadSpec(opts.project, { now: () => now });
  if (!loaded.ok) {
    for (const p of loaded.problems) process.stderr.write(`${formatProblem(p)}\n`);
    return 2;
  }
  const today = now.toISOString().slice(0, 10);
  const requests = evidenceRequests(loaded.spec, today, within);
  const meta = { project: loaded.spec.projectName, today, dueWithin: opts.dueWithin };
  process.stdout.write(await renderRequests(requests, format as RequestFormat, meta));
  return 0;
}
