/**
 * @module Judge `pg_hba_file_rules` rows: which rules let clients in unencrypted, without a password,
 * with a cleartext password or with an MD5 challenge. Each rule is named in full (line, type,
 * database, user, address/mask, method), as it reads in pg_hba.conf.
 */
import { isIP } from "node:net";

export type HbaRule = {
  readonly line_number: number;
  readonly type: string;
  readonly database: string | null;
  readonly user_name: string | null;
  readonly address: string | null;
  readonly netmask: string | null;
  readonly auth_method: string | null;
  readonly error: string | null;
};

export type HbaProblem = "ruleError" | "md5" | "password" | "trustRemote" | "trustLoopback" | "unencrypted";

/** Prefix length of a contiguous netmask (`255.255.0.0` → 16, `ffff:ffff::` → 32), else null. */
export function prefixLength(mask: string): number | null {
  let bits: string;
  if (isIP(mask) === 4)
    bits = mask
      .split(".")
      .map((o) => Number(o).toString(2).padStart(8, "0"))
      .join("");
  else if (isIP(mask) === 6) {
    const [head = "", tail = ""] = mask.split("::");
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const groups = mask.includes("::") ? [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t] : h;
    bits = groups.map((g) => parseInt(g, 16).toString(2).padStart(16, "0")).join("");
  } else return null;
  if (!/^1*0*$/.test(bits)) return null;
  const zero = bits.indexOf("0");
  return zero === -1 ? bits.length : zero;
}

/** `10.0.0.0/8`, `::1/128`, `samenet`, a host name, or `(socket)` for `local` rules. */
export function addressOf(r: HbaRule): string {
  if (r.type === "local") return "(socket)";
  const a = r.address ?? "(none)";
  if (r.netmask === null) return a;
  const p = prefixLength(r.netmask);
  return p === null ? `${a} ${r.netmask}` : `${a}/${p}`;
}

/** The rule as pg_hba.conf writes it: `host all all 10.0.0.0/8 trust`. */
export function describeRule(r: HbaRule): string {
  const addr = r.type === "local" ? [] : [addressOf(r)];
  return [r.type, r.database ?? "?", r.user_name ?? "?", ...addr, r.auth_method ?? "?"].join(" ");
}

/** Loopback: `local` sockets, 127.0.0.0/8 inside its own /8, ::1/128, or the `localhost`/`samehost` keywords. */
export function isLoopback(r: HbaRule): boolean {
  if (r.type === "local") return true;
  const a = r.address ?? "";
  if (a === "localhost" || a === "samehost") return true;
  const p = r.netmask === null ? null : prefixLength(r.netmask);
  const hostOnly = r.netmask === null || (p !== null && p >= (a.includes(":") ? 128 : 8));
  return (a === "::1" || a.startsWith("127.")) && hostOnly;
}

/** Every problem of every rule, in line order; `allowLoopbackTrust` is the profile's decision. */
export function hbaProblems(
  rules: readonly HbaRule[],
  allowLoopbackTrust: boolean,
): { rule: HbaRule; problem: HbaProblem }[] {
  const out: { rule: HbaRule; problem: HbaProblem }[] = [];
  for (const rule of rules) {
    if (rule.error) {
      out.push({ rule, problem: "ruleError" });
      continue;
    }
    const method = rule.auth_method ?? "";
    const loopback = isLoopback(rule);
    if (method === "md5") out.push({ rule, problem: "md5" });
    if (method === "password") out.push({ rule, problem: "password" });
    if (method === "trust" && !loopback) out.push({ rule, problem: "trustRemote" });
    if (method === "trust" && loopback && !allowLoopbackTrust) out.push({ rule, problem: "trustLoopback" });
    if (method !== "reject" && !loopback && (rule.type === "host" || rule.type === "hostnossl"))
      out.push({ rule, problem: "unencrypted" });
  }
  return out;
}
