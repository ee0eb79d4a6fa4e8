/** @module The explicit list of probes. A test checks that every folder under src/probes/ is listed here. */
import appConfig from "./app_config/index.js";
import auditChain from "./audit_chain/index.js";
import backupCatalog from "./backup_catalog/index.js";
import breachRegister from "./breach_register/index.js";
import apiBehaviour from "./api_behaviour/index.js";
import type { AnyProbe } from "./define.js";
import dsrRegister from "./dsr_register/index.js";
import httpSecurity from "./http_security/index.js";
import idpMfa from "./idp_mfa/index.js";
import jwtPolicy from "./jwt_policy/index.js";
import mtlsRequired from "./mtls_required/index.js";
import oidcProvider from "./oidc_provider/index.js";
import oraEncryptionAtRest from "./ora_encryption_at_rest/index.js";
import oraNetworkEncryption from "./ora_network_encryption/index.js";
import oraPasswordProfiles from "./ora_password_profiles/index.js";
import oraPrivileges from "./ora_privileges/index.js";
import oraRecovery from "./ora_recovery/index.js";
import oraUnifiedAudit from "./ora_unified_audit/index.js";
import oraVpd from "./ora_vpd/index.js";
import pgAuditConfig from "./pg_audit_config/index.js";
import pgPasswordStorage from "./pg_password_storage/index.js";
import pgPrivilegedRoles from "./pg_privileged_roles/index.js";
import pgRls from "./pg_rls/index.js";
import pgRecovery from "./pg_recovery/index.js";
import pgTransport from "./pg_transport/index.js";
import piiDiscovery from "./pii_discovery/index.js";
import restoreTests from "./restore_tests/index.js";
import retention from "./retention/index.js";
import roleMatrix from "./role_matrix/index.js";
import scanResults from "./scan_results/index.js";
import tlsEndpoint from "./tls_endpoint/index.js";

const list: readonly AnyProbe[] = [
  appConfig,
  tlsEndpoint,
  httpSecurity,
  apiBehaviour,
  oidcProvider,
  jwtPolicy,
  mtlsRequired,
  idpMfa,
  pgTransport,
  pgPasswordStorage,
  pgPrivilegedRoles,
  pgRls,
  pgAuditConfig,
  roleMatrix,
  retention,
  auditChain,
  oraEncryptionAtRest,
  oraNetworkEncryption,
  oraUnifiedAudit,
  oraPrivileges,
  oraPasswordProfiles,
  oraVpd,
  backupCatalog,
  restoreTests,
  dsrRegister,
  breachRegister,
  scanResults,
  piiDiscovery,
  pgRecovery,
  oraRecovery,
];

export const PROBES: ReadonlyMap<string, AnyProbe> = new Map(list.map((p) => [p.meta.id, p]));
