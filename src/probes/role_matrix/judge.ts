/**
 * @module The judgement of `role_matrix`, dialect-neutral: grants against the matrix, what each login
 * role can use (named with the role or PUBLIC that gives it), CONNECT on declared databases, PUBLIC.
 * Findings group privileges per role and object, so a message states exactly what was seen.
 */
import { compareRoleMatrix, permitted, type ObservedGrant, type RoleMatrix } from "../shared/role-matrix.js";
import type { EffectiveGrant, Observed } from "./observed.js";
import type { F } from "./messages.js";

/** `staging.customers`, `sequence staging.orders_id_seq` or `schema staging`. */
export const objectName = (g: Pick<ObservedGrant, "schema" | "table" | "kind">): string =>
  g.table === undefined ? `schema ${g.schema}` : `${g.kind === "sequence" ? "sequence " : ""}${g.schema}.${g.table}`;

/** Group items by a key, keeping first-seen order; the values are collected privileges. */
function byKey<T>(items: readonly T[], key: (t: T) => string, privilege: (t: T) => string): [T, string[]][] {
  const out = new Map<string, [T, string[]]>();
  for (const t of items) {
    const k = key(t);
    const have = out.get(k);
    if (have) {
      if (!have[1].includes(privilege(t))) have[1].push(privilege(t));
    } else out.set(k, [t, [privilege(t)]]);
  }
  return [...out.values()];
}

const grantKey = (g: ObservedGrant) => `${g.grantee}\u0000${objectName(g)}`;

export function matrixFindings(matrix: RoleMatrix, seen: Observed): F[] {
  const grants = seen.grants.filter((g) => g.grantee !== "PUBLIC");
  const diff = compareRoleMatrix(matrix, grants, seen);
  const out: F[] = [];
  for (const [list, messageId] of [
    [diff.excess, "grantExcess"],
    [diff.missing, "grantMissing"],
  ] as const)
    for (const [g, privileges] of byKey(list, grantKey, (x) => x.privilege))
      out.push({
        aspect: "role_matrix",
        status: "fail",
        messageId,
        subject: g.grantee,
        data: { role: g.grantee, privileges: privileges.join(", "), object: objectName(g) },
      });
  if (out.length === 0)
    out.push({
      aspect: "role_matrix",
      status: "pass",
      messageId: "matrixOk",
      data: { grants: grants.length, schemas: matrix.schemas.join(", ") },
    });
  return out;
}

const how = (e: EffectiveGrant) =>
  e.via === e.login ? "direct grant" : e.via === "PUBLIC" ? "through PUBLIC" : `member of ${e.via}`;
const effectiveKey = (e: EffectiveGrant) => `${e.login}\u0000${e.via}\u0000${objectName(e)}`;

/** "carol (member of analyst) can SELECT, INSERT staging.customers", one line per login, role and object. */
export function describeEffective(effective: readonly EffectiveGrant[]): string[] {
  return byKey(effective, effectiveKey, (e) => e.privilege).map(
    ([e, p]) => `${e.login} (${how(e)}) can ${p.join(", ")} ${objectName(e)}`,
  );
}

/** Nothing when the dialect does not observe effective privileges (Oracle): its checks select PostgreSQL only. */
export function effectiveFindings(matrix: RoleMatrix, seen: Observed): F[] {
  if (seen.effective === undefined) return [];
  const beyond = seen.effective.filter((e) => !permitted(matrix, [e.login, e.via], e));
  const out = byKey(beyond, effectiveKey, (e) => e.privilege).map(
    ([e, privileges]): F => ({
      aspect: "effective_privileges",
      status: "fail",
      messageId: "effectiveExcess",
      subject: e.login,
      data: { login: e.login, how: how(e), privileges: privileges.join(", "), object: objectName(e) },
    }),
  );
  if (out.length > 0) return out;
  const logins = new Set(seen.effective.map((e) => e.login)).size;
  return [
    {
      aspect: "effective_privileges",
      status: "pass",
      messageId: "effectiveOk",
      data: { logins, privileges: seen.effective.length, schemas: matrix.schemas.join(", ") },
    },
  ];
}

export function connectFindings(matrix: RoleMatrix, seen: Observed): F[] {
  const aspect = "database_connect";
  if (seen.connect === undefined) return [];
  if (matrix.databases === undefined) {
    const holders = Object.entries(seen.connect).map(([db, roles]) => `${db}: ${roles.join(", ") || "owner only"}`);
    return [
      { aspect, status: "not_applicable", messageId: "connectUndeclared", data: { holders: holders.join("; ") } },
    ];
  }
  const out: F[] = [];
  for (const [database, allowed] of Object.entries(matrix.databases)) {
    const held = seen.connect[database];
    if (held === undefined) {
      out.push({ aspect, status: "error", messageId: "connectNoDatabase", subject: database, data: { database } });
      continue;
    }
    const logins = (seen.connectLogins?.[database] ?? []).join(", ") || "none";
    for (const role of held.filter((r) => !allowed.includes(r)))
      out.push(
        role === "PUBLIC"
          ? { aspect, status: "fail", messageId: "connectPublic", subject: database, data: { database, logins } }
          : { aspect, status: "fail", messageId: "connectExcess", subject: database, data: { database, role } },
      );
    for (const role of allowed.filter((r) => !held.includes(r)))
      out.push({ aspect, status: "fail", messageId: "connectMissing", subject: database, data: { database, role } });
    if (out.every((f) => f.subject !== database))
      out.push({
        aspect,
        status: "pass",
        messageId: "connectOk",
        subject: database,
        data: { database, roles: held.join(", ") || "its owner only" },
      });
  }
  return out;
}

export function publicFindings(schemas: readonly string[], seen: Observed): F[] {
  const pub = seen.grants.filter((g) => g.grantee === "PUBLIC" && schemas.includes(g.schema));
  if (schemas.length === 0) return [{ aspect: "public_grants", status: "error", messageId: "matrixMissing" }];
  if (pub.length === 0)
    return [{ aspect: "public_grants", status: "pass", messageId: "publicOk", data: { schemas: schemas.join(", ") } }];
  return byKey(pub, grantKey, (g) => g.privilege).map(([g, privileges]) => ({
    aspect: "public_grants",
    status: "fail",
    messageId: "publicGrant",
    subject: g.table ? `${g.schema}.${g.table}` : g.schema,
    data: { privileges: privileges.join(", "), object: objectName(g) },
  }));
}
