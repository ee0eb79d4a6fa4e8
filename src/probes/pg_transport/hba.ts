/** @module Judge `pg_hba_file_rules` rows: which rules let clients in unencrypted, untrusted or in cleartext. */

export type HbaRule = {
  readonly line_number: number;
  readonly type: string;
  readonly address: string | null;
  readonly netmask: string | null;
  readonly auth_method: string | null;
  readonly error: string | null;
};

/** Loopback only: 127.0.0.0/8 with a host mask, ::1, or the `localhost`/`samehost` keywords. */
export function isLoopback(r: HbaRule): boolean {
  const a = r.address ?? "";
  if (a === "localhost" || a === "samehost" || a === "::1") return true;
  return (
    a.startsWith("127.") && (r.netmask === null || r.netmask === "255.255.255.255" || r.netmask.startsWith("255."))
  );
}

export function hbaProblems(rules: readonly HbaRule[]): { rule: HbaRule; problem: string }[] {
  const out: { rule: HbaRule; problem: string }[] = [];
  for (const rule of rules) {
    if (rule.error) {
      out.push({ rule, problem: `rule has an error (${rule.error})` });
      continue;
    }
    const method = rule.auth_method ?? "";
    if (method === "reject") continue;
    const remote = rule.type !== "local" && !isLoopback(rule);
    if (method === "password") out.push({ rule, problem: "cleartext password authentication" });
    if (remote && method === "trust") out.push({ rule, problem: "trust (no authentication) for remote addresses" });
    if (remote && (rule.type === "host" || rule.type === "hostnossl"))
      out.push({ rule, problem: `${rule.type} allows unencrypted connections from remote addresses (use hostssl)` });
  }
  return out;
}
