/**
 * @module DBA_PROFILES limits as Oracle writes them: a number as text (days may be fractions such
 * as `.0104` = 15 minutes), `UNLIMITED`, `DEFAULT` (take the DEFAULT profile's value), or for
 * PASSWORD_VERIFY_FUNCTION a function name or `NULL`.
 */

export type Limit =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "unlimited" }
  | { readonly kind: "function"; readonly name: string }
  | { readonly kind: "none" };

export type ProfileLimits = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function indexProfiles(
  rows: readonly { PROFILE: string; RESOURCE_NAME: string; LIMIT: string }[],
): ProfileLimits {
  const out = new Map<string, Map<string, string>>();
  for (const r of rows)
    out.set(r.PROFILE, (out.get(r.PROFILE) ?? new Map<string, string>()).set(r.RESOURCE_NAME, r.LIMIT));
  return out;
}

/** The effective limit of `resource` for `profile`, following DEFAULT to the DEFAULT profile. */
export function effectiveLimit(all: ProfileLimits, profile: string, resource: string): Limit {
  let raw = all.get(profile)?.get(resource) ?? "DEFAULT";
  if (raw === "DEFAULT") raw = all.get("DEFAULT")?.get(resource) ?? "UNLIMITED";
  if (raw === "UNLIMITED") return { kind: "unlimited" };
  if (raw === "NULL" || raw === "" || raw === "DEFAULT") return { kind: "none" };
  const n = Number(raw);
  return Number.isFinite(n) ? { kind: "number", value: n } : { kind: "function", name: raw };
}

export function show(l: Limit): string {
  switch (l.kind) {
    case "number":
      return String(l.value);
    case "unlimited":
      return "UNLIMITED";
    case "function":
      return l.name;
    case "none":
      return "NULL";
  }
}
