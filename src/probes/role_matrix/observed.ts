/** @module What each dialect observes for `role_matrix`; the judgement (index.ts) is the same for both. */
import type { ObjectKind, ObservedGrant } from "../shared/role-matrix.js";

/** A privilege a login role can use, and the role whose grant gives it (itself, a role it is a member of, or PUBLIC). */
export interface EffectiveGrant extends Omit<ObservedGrant, "grantee"> {
  readonly login: string;
  readonly via: string;
}

export interface Observed {
  /** Grants in the schemas in scope, PUBLIC's included (grantee `PUBLIC`). */
  readonly grants: readonly (ObservedGrant & { readonly grantable?: boolean })[];
  /** Tables of the matrix's schemas: what `tables: "*"` expands to. */
  readonly tables: readonly { readonly schema: string; readonly table: string }[];
  /** Sequences of the matrix's schemas: what `sequences: "*"` expands to (PostgreSQL). */
  readonly sequences?: readonly { readonly schema: string; readonly table: string }[];
  /** What `ALL` means for each kind of object on this server (PostgreSQL: from `acldefault`). */
  readonly allPrivileges?: Readonly<Partial<Record<ObjectKind, readonly string[]>>>;
  /** Privileges each login role can use in the matrix's schemas, with the role that gives them (PostgreSQL). */
  readonly effective?: readonly EffectiveGrant[];
  /** Database → roles (or PUBLIC) holding CONNECT, owner left out (PostgreSQL). */
  readonly connect?: Readonly<Record<string, readonly string[]>>;
  /** Database → login roles that can connect, through any grant (PostgreSQL). */
  readonly connectLogins?: Readonly<Record<string, readonly string[]>>;
  /** Can PUBLIC create objects in schema `public`? `null` when there is no such schema (always in Oracle). */
  readonly publicCanCreate: boolean | null;
}
