/** @module Aspects and message templates of `ora_encryption_at_rest`. */

export const ASPECTS = {
  keystore: "The TDE keystore (wallet) is open",
  master_key: "A TDE master key is set (and rotated within the maximum age, when one is given)",
  personal_data_tablespaces: "Tablespaces holding declared personal-data tables are encrypted",
  all_tablespaces: "Every permanent tablespace is encrypted (when required)",
} as const;

export const MESSAGES = {
  keystoreOpen: "TDE keystore is open ({{wrl_type}}, {{wallet_type}})",
  keystoreNotOpen: "TDE keystore is not open (status {{status}})",
  keystoreAbsent: "No TDE keystore is configured (V$ENCRYPTION_WALLET is empty)",
  masterKeySet: "{{count}} TDE master key(s); newest activated {{age_days}} days ago",
  masterKeyMissing: "No TDE master key is set (keystore status {{status}})",
  masterKeyOld: "Newest TDE master key is {{age_days}} days old (maximum {{max}})",
  tableEncrypted: "{{table}} is stored in encrypted tablespace(s) {{tablespaces}}",
  tableUnencrypted: "{{table}} is stored in unencrypted tablespace(s) {{tablespaces}}",
  tableNotFound: "Declared personal-data table {{table}} does not exist or is not visible in DBA_TABLES",
  noPersonalDataTables: "No personal-data tables are declared for this target",
  tablespacesAllEncrypted: "All {{count}} permanent tablespaces are encrypted",
  tablespacesUnencrypted: "{{count}} permanent tablespace(s) are not encrypted: {{names}}",
  allTablespacesNotRequired: "Encryption of every tablespace is not required by the profile",
} as const;
