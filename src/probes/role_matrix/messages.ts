/** @module Aspects and messages of `role_matrix`, the same on PostgreSQL and Oracle. */
import type { ProbeFinding } from "../define.js";

export const ASPECTS = {
  role_matrix: "Grants match the declared role matrix (nothing beyond, nothing missing)",
  effective_privileges:
    "What each login role can use, directly, through role membership or through PUBLIC, is permitted by the role matrix",
  database_connect: "CONNECT on each database declared in the role matrix is held by the declared roles only",
  public_grants: "No privileges granted to PUBLIC in application schemas",
  public_schema_create: "PUBLIC cannot CREATE in schema public",
} as const;

export const MESSAGES = {
  matrixOk: "{{grants}} grants in {{schemas}} match the role matrix",
  grantExcess: "{{role}} holds {{privileges}} on {{object}}, beyond the role matrix",
  grantMissing: "{{role}} lacks {{privileges}} on {{object}}, declared in the role matrix",
  matrixMissing: "no role matrix declared for this target",
  matrixInvalid: "{{reason}}",
  effectiveOk:
    "{{logins}} login roles can use {{privileges}} privileges in {{schemas}}, all permitted by the role matrix",
  effectiveExcess: "{{login}} ({{how}}) can {{privileges}} {{object}}, beyond the role matrix",
  connectOk: "CONNECT on {{database}} is held by {{roles}}, as declared",
  connectPublic:
    "PUBLIC can CONNECT to {{database}}, not declared in the role matrix: every login role can ({{logins}})",
  connectExcess: "{{role}} can CONNECT to {{database}}, not declared in the role matrix",
  connectMissing: "{{role}} lacks CONNECT on {{database}}, declared in the role matrix",
  connectNoDatabase: "database {{database}}, declared in the role matrix, does not exist or accepts no connections",
  connectUndeclared: "no `databases` declared in the role matrix; CONNECT is held by {{holders}}",
  publicOk: "PUBLIC holds no privilege in {{schemas}}",
  publicGrant: "PUBLIC holds {{privileges}} on {{object}}",
  publicCreateOff: "PUBLIC cannot create objects in schema public",
  publicCreateOn: "PUBLIC can create objects in schema public (revoke CREATE ON SCHEMA public FROM PUBLIC)",
  publicSchemaAbsent: "schema public does not exist",
} as const;

export type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;
