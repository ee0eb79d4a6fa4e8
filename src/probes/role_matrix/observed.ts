/** @module What each dialect observes for `role_matrix`; the judgement (index.ts) is the same for both. */
import type { ObservedGrant } from "../shared/role-matrix.js";

export interface Observed {
  /** Grants in the schemas in scope, PUBLIC's included (grantee `PUBLIC`). */
  readonly grants: readonly (ObservedGrant & { readonly grantable?: boolean })[];
  /** Tables of the matrix's schemas: what `tables: "*"` expands to. */
  readonly tables: readonly { readonly schema: string; readonly table: string }[];
  /** Can PUBLIC create objects in schema `public`? `null` when there is no such schema (always in Oracle). */
  readonly publicCanCreate: boolean | null;
}
