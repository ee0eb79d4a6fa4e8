/**
 * @module Keycloak realm export (`kc.sh export` / admin console "partial export") → IdpData.
 * Effective roles follow Keycloak's rules: direct realm and client roles, roles of every group the
 * user is in and of its parent groups, expanded through composite roles. Credential entries are
 * read for their `type` only; `secretData`/`credentialData` are never touched.
 */
import { errorMessage } from "../../errors.js";
import { type IdpAccount, type IdpClient, type IdpData, parsePasswordPolicy } from "./model.js";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === "string");

/** Client role map `{ client: [role…] }` → `client:role` ids. */
const clientRoleIds = (m: unknown): string[] =>
  Object.entries(obj(m)).flatMap(([client, roles]) => strs(roles).map((r) => `${client}:${r}`));

interface GroupRoles {
  readonly byPath: Map<string, string[]>;
}

function indexGroups(groups: unknown, parent = "", into: GroupRoles = { byPath: new Map() }): GroupRoles {
  for (const g of arr(groups).map(obj)) {
    const path = typeof g["path"] === "string" ? g["path"] : `${parent}/${String(g["name"])}`;
    into.byPath.set(path, [...strs(g["realmRoles"]), ...clientRoleIds(g["clientRoles"])]);
    indexGroups(g["subGroups"], path, into);
  }
  return into;
}

/** Role id → the role ids it directly contains (composites). */
function indexComposites(roles: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (id: string, r: Obj): void => {
    const c = obj(r["composites"]);
    if (r["composite"] === true || Object.keys(c).length > 0)
      out.set(id, [...strs(c["realm"]), ...clientRoleIds(c["client"])]);
  };
  const rs = obj(roles);
  for (const r of arr(rs["realm"]).map(obj)) add(String(r["name"]), r);
  for (const [client, list] of Object.entries(obj(rs["client"])))
    for (const r of arr(list).map(obj)) add(`${client}:${String(r["name"])}`, r);
  return out;
}

function expand(direct: readonly string[], composites: Map<string, string[]>): string[] {
  const seen = new Set<string>();
  const stack = [...direct];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(composites.get(id) ?? []));
  }
  return [...seen].sort();
}

/** `/ops/dba` → [`/ops`, `/ops/dba`]: members of a sub-group inherit its parents' roles. */
const groupAncestry = (path: string): string[] =>
  path
    .split("/")
    .slice(1)
    .map((_, i, parts) => `/${parts.slice(0, i + 1).join("/")}`);

const MFA_ACTIONS = new Set(["CONFIGURE_TOTP", "webauthn-register", "webauthn-register-passwordless"]);

const SECOND_FACTORS = new Set([
  "auth-otp-form",
  "webauthn-authenticator",
  "webauthn-authenticator-passwordless",
  "auth-conditional-otp-form",
]);

/**
 * How the realm's browser flow asks for a second factor: `required` when an OTP/WebAuthn step is
 * reachable through REQUIRED steps only, `conditional` when only inside a CONDITIONAL sub-flow
 * (Keycloak's default: asked only of users who already configured one), else `none`.
 */
export function browserFlowSecondFactor(realm: Obj): "required" | "conditional" | "none" | "unknown" {
  const flows = new Map(
    arr(realm["authenticationFlows"])
      .map(obj)
      .map((f) => [String(f["alias"]), arr(f["authenticationExecutions"]).map(obj)]),
  );
  const root = typeof realm["browserFlow"] === "string" ? realm["browserFlow"] : "browser";
  if (!flows.has(root)) return "unknown";
  let best: "required" | "conditional" | "none" = "none";
  const walk = (alias: string, conditional: boolean, seen: Set<string>): void => {
    if (seen.has(alias)) return;
    seen.add(alias);
    for (const e of flows.get(alias) ?? []) {
      const req = String(e["requirement"]);
      if (req === "DISABLED") continue;
      const cond = conditional || req === "CONDITIONAL";
      if (e["authenticatorFlow"] === true && typeof e["flowAlias"] === "string") walk(e["flowAlias"], cond, seen);
      else if (SECOND_FACTORS.has(String(e["authenticator"])))
        best = !cond && req === "REQUIRED" ? "required" : best === "required" ? best : "conditional";
    }
  };
  walk(root, false, new Set());
  return best;
}

export function parseKeycloak(text: string, path: string, mfaFactors: readonly string[]): IdpData {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`Keycloak export ${path} is not valid JSON (truncated or not an export?): ${errorMessage(err)}`);
  }
  const realm = obj(doc);
  if (typeof realm["realm"] !== "string" || !Array.isArray(realm["users"])) {
    throw new Error(
      `${path} is not a Keycloak realm export with users (expected "realm" and "users"; export with users included)`,
    );
  }
  const groups = indexGroups(realm["groups"]);
  const composites = indexComposites(realm["roles"]);
  const accounts: IdpAccount[] = arr(realm["users"])
    .map(obj)
    .map((u) => {
      const groupRoles = strs(u["groups"]).flatMap((g) => groupAncestry(g).flatMap((p) => groups.byPath.get(p) ?? []));
      const direct = [...strs(u["realmRoles"]), ...clientRoleIds(u["clientRoles"]), ...groupRoles];
      const types = arr(u["credentials"])
        .map((c) => obj(c)["type"])
        .filter((t): t is string => typeof t === "string");
      return {
        id: typeof u["id"] === "string" ? u["id"] : String(u["username"]),
        username: String(u["username"]),
        enabled: u["enabled"] !== false,
        service: typeof u["serviceAccountClientId"] === "string",
        factors: [...new Set(types.filter((t) => mfaFactors.includes(t)))],
        factorPending: strs(u["requiredActions"]).some((a) => MFA_ACTIONS.has(a)),
        roles: expand(direct, composites),
      };
    });
  const num = (k: string, dflt: number): number => (typeof realm[k] === "number" ? realm[k] : dflt);
  const clients: IdpClient[] = arr(realm["clients"])
    .map(obj)
    .filter((c) => typeof c["clientId"] === "string")
    .map((c) => {
      const attrs = obj(c["attributes"]);
      const lifespan = Number(attrs["access.token.lifespan"]);
      const pkce = attrs["pkce.code.challenge.method"];
      return {
        clientId: String(c["clientId"]),
        publicClient: c["publicClient"] === true,
        codeFlow: c["standardFlowEnabled"] !== false,
        // An empty or -1 attribute means "use the realm's value".
        accessTokenLifespanSeconds: Number.isFinite(lifespan) && lifespan > 0 ? lifespan : null,
        pkceMethod: typeof pkce === "string" && pkce !== "" ? pkce : null,
      };
    });
  return {
    source: "keycloak",
    realm: realm["realm"],
    accounts,
    policy: {
      bruteForceProtected: realm["bruteForceProtected"] === true,
      failureFactor: typeof realm["failureFactor"] === "number" ? realm["failureFactor"] : null,
      permanentLockout: realm["permanentLockout"] === true,
      lockoutWaitSeconds: num("waitIncrementSeconds", 60),
      lockoutMaxWaitSeconds: num("maxFailureWaitSeconds", 900),
      // Keycloak's own defaults apply when an export omits a value.
      accessTokenLifespanSeconds: num("accessTokenLifespan", 300),
      ssoSessionIdleSeconds: num("ssoSessionIdleTimeout", 1800),
      ssoSessionMaxSeconds: num("ssoSessionMaxLifespan", 36000),
      passwordPolicy: parsePasswordPolicy(
        typeof realm["passwordPolicy"] === "string" ? realm["passwordPolicy"] : undefined,
      ),
      browserFlowSecondFactor: browserFlowSecondFactor(realm),
    },
    clients,
  };
}
