/** @module Parsing of the security-relevant response headers: HSTS, version banners, Set-Cookie attributes. */

export interface Hsts {
  readonly maxAge: number | null;
  readonly includeSubDomains: boolean;
  readonly preload: boolean;
}

export function parseHsts(value: string | undefined): Hsts | undefined {
  if (value === undefined) return undefined;
  const directives = value.split(";").map((d) => d.trim().toLowerCase());
  const maxAge = directives.map((d) => /^max-age\s*=\s*"?(\d+)"?$/.exec(d)?.[1]).find((v) => v !== undefined);
  return {
    maxAge: maxAge === undefined ? null : Number(maxAge),
    includeSubDomains: directives.includes("includesubdomains"),
    preload: directives.includes("preload"),
  };
}

/** Headers that commonly reveal software and version. */
export const BANNER_HEADERS = [
  "server",
  "x-powered-by",
  "x-aspnet-version",
  "x-aspnetmvc-version",
  "x-generator",
] as const;

/** A banner discloses a version when it carries a number such as `nginx/1.25.3` or `PHP/8.2`. */
export function disclosesVersion(value: string): boolean {
  return /\d+(\.\d+)+|\/\s*\d/.test(value);
}

export interface CookieFacts {
  readonly name: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: string | null;
}

/** Attributes of one Set-Cookie line; the value is dropped on purpose (it may be a session id). */
export function parseSetCookie(line: string): CookieFacts {
  const [pair = "", ...attrs] = line.split(";");
  const name = pair.split("=")[0]?.trim() ?? "";
  const a = attrs.map((x) => x.trim());
  const lower = a.map((x) => x.toLowerCase());
  const sameSite =
    a
      .find((x) => x.toLowerCase().startsWith("samesite="))
      ?.split("=")[1]
      ?.trim() ?? null;
  return { name, secure: lower.includes("secure"), httpOnly: lower.includes("httponly"), sameSite };
}

export function cookieProblems(c: CookieFacts): string[] {
  const out: string[] = [];
  if (!c.secure) out.push("Secure");
  if (!c.httpOnly) out.push("HttpOnly");
  const ss = c.sameSite?.toLowerCase();
  if (ss !== "lax" && ss !== "strict") out.push(ss === "none" ? "SameSite (None)" : "SameSite");
  return out;
}
