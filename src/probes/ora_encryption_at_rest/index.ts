/**
 * @module `ora_encryption_at_rest`: Transparent Data Encryption. The keystore (wallet) is open, a
 * master key is set (and young enough when a maximum age is given), and every tablespace holding a
 * declared personal-data table (or each of its partitions) is encrypted.
 */
import { Type } from "@sinclair/typebox";
import { defineProbe, type ProbeFinding } from "../define.js";
import { ageDays, bindList, oracleTableName, yes } from "../shared/oracle-names.js";
import { Frag, paramsObject, withDefault } from "../params.js";
import { ASPECTS, MESSAGES } from "./messages.js";
import * as Q from "./queries.js";

const params = paramsObject({
  personal_data_tables: withDefault(Frag.list(), []),
  require_all_tablespaces_encrypted: withDefault(Type.Boolean(), false),
  /** null: the master key's age is not judged. */
  max_master_key_age_days: withDefault(Type.Union([Type.Number({ minimum: 1 }), Type.Null()]), null),
});

type F = ProbeFinding<keyof typeof MESSAGES, keyof typeof ASPECTS>;
/** Oracle's own tablespaces; TDE tablespace encryption of these is optional before 23ai. */
const SYSTEM_TABLESPACES = new Set(["SYSTEM", "SYSAUX"]);

export default defineProbe({
  meta: {
    id: "ora_encryption_at_rest",
    version: "1.0.0",
    title: "Oracle TDE: keystore, master key, encrypted tablespaces",
    description:
      "Reads V$ENCRYPTION_WALLET, V$ENCRYPTION_KEYS, DBA_TABLESPACES and DBA_TABLES (DBA_TAB_PARTITIONS and DBA_TAB_SUBPARTITIONS for partitioned tables).",
    targetTypes: ["oracle"],
    params,
    privileges: [
      "SELECT_CATALOG_ROLE (or SELECT ON V_$ENCRYPTION_WALLET, V_$ENCRYPTION_KEYS, DBA_TABLESPACES, DBA_TABLES, DBA_INDEXES, DBA_TAB_PARTITIONS, DBA_TAB_SUBPARTITIONS)",
    ],
    aspects: ASPECTS,
    messages: MESSAGES,
  },
  async run({ params: p, target: { handle: db }, signal, now }) {
    const at = now();
    const wanted = p.personal_data_tables.map((n) => oracleTableName(n, db.user));
    const seen = await db.readOnly(async (s) => {
      const [wallet, keys, tablespaces] = [
        await s.query(Q.wallet),
        await s.query(Q.keys),
        await s.query(Q.tablespaces),
      ];
      const names = bindList(wanted.map((w) => w.key));
      const tables = wanted.length > 0 ? await s.query(Q.tables, { names }) : [];
      const partitioned = tables.some((t) => yes(t.PARTITIONED));
      const parts = partitioned ? await s.query(Q.partitions, { names }) : [];
      // A composite partition's TABLESPACE_NAME is only its default: judge its subpartitions instead.
      const composite = parts.filter((x) => yes(x.COMPOSITE));
      const subs = composite.length > 0 ? await s.query(Q.subpartitions, { names }) : [];
      const isComposite = (x: { TABLE_OWNER: string; TABLE_NAME: string; PARTITION_NAME: string }) =>
        composite.some(
          (c) =>
            c.TABLE_OWNER === x.TABLE_OWNER && c.TABLE_NAME === x.TABLE_NAME && c.PARTITION_NAME === x.PARTITION_NAME,
        );
      const partitions = [...parts.filter((x) => !yes(x.COMPOSITE)), ...subs.filter(isComposite)];
      // An index-organised table stores its rows in its primary-key index segment.
      const iot = tables.some((t) => t.IOT_TYPE === "IOT" && !yes(t.PARTITIONED));
      const iots = iot ? await s.query(Q.iotIndexes, { names }) : [];
      return { wallet, keys, tablespaces, tables, partitions, iots };
    }, signal);

    const findings: F[] = [];
    // From CDB$ROOT the view has rows for every container: each container's keystore must be open.
    const containers = [...new Set(seen.wallet.map((w) => w.CON_ID))];
    const first = seen.wallet[0];
    const closed = containers.filter((c) => !seen.wallet.some((w) => w.CON_ID === c && w.STATUS === "OPEN"));
    const open = seen.wallet.find((w) => w.STATUS === "OPEN");
    if (!first) findings.push({ aspect: "keystore", status: "fail", messageId: "keystoreAbsent" });
    else if (closed.length === 0 && open)
      findings.push({
        aspect: "keystore",
        status: "pass",
        messageId: "keystoreOpen",
        data: { wrl_type: open.WRL_TYPE ?? "?", wallet_type: open.WALLET_TYPE ?? "?" },
      });
    else
      for (const c of closed) {
        const row = seen.wallet.find((w) => w.CON_ID === c);
        findings.push({
          aspect: "keystore",
          status: "fail",
          messageId: "keystoreNotOpen",
          ...(containers.length > 1 ? { subject: `container ${c}` } : {}),
          data: { status: row?.STATUS ?? "UNDEFINED" },
        });
      }

    // The key in use is the one activated last (a created but never activated key has no
    // ACTIVATION_TIME); per container, and the oldest container's active key is what ages.
    const activeBy = new Map<number, number>();
    for (const k of seen.keys)
      if (k.ACTIVATION_TIME instanceof Date)
        activeBy.set(k.CON_ID, Math.max(activeBy.get(k.CON_ID) ?? 0, k.ACTIVATION_TIME.getTime()));
    const newest = activeBy.size > 0 ? new Date(Math.min(...activeBy.values())) : undefined;
    if (seen.keys.length === 0 || newest === undefined) {
      findings.push({
        aspect: "master_key",
        status: "fail",
        messageId: "masterKeyMissing",
        data: { status: first?.STATUS ?? "UNDEFINED" },
      });
    } else {
      const age = ageDays(newest, at);
      const max = p.max_master_key_age_days;
      findings.push(
        max !== null && age > max
          ? { aspect: "master_key", status: "fail", messageId: "masterKeyOld", data: { age_days: age, max } }
          : {
              aspect: "master_key",
              status: "pass",
              messageId: "masterKeySet",
              data: { count: seen.keys.length, age_days: age },
            },
      );
    }

    const encrypted = new Map(seen.tablespaces.map((t) => [t.TABLESPACE_NAME, yes(t.ENCRYPTED)]));
    if (wanted.length === 0)
      findings.push({
        aspect: "personal_data_tablespaces",
        status: "not_applicable",
        messageId: "noPersonalDataTables",
      });
    for (const w of wanted) {
      const row = seen.tables.find((t) => t.OWNER === w.owner && t.TABLE_NAME === w.table);
      if (!row) {
        findings.push({
          aspect: "personal_data_tablespaces",
          status: "fail",
          subject: w.key,
          messageId: "tableNotFound",
          data: { table: w.key },
        });
        continue;
      }
      const of = (x: { TABLE_OWNER: string; TABLE_NAME: string }) =>
        x.TABLE_OWNER === w.owner && x.TABLE_NAME === w.table;
      const spaces =
        row.TABLESPACE_NAME !== null
          ? [row.TABLESPACE_NAME]
          : yes(row.PARTITIONED)
            ? seen.partitions.filter(of).map((x) => x.TABLESPACE_NAME ?? "?")
            : seen.iots.filter(of).map((x) => x.TABLESPACE_NAME ?? "?");
      const plain = [...new Set(spaces)].filter((t) => encrypted.get(t) !== true);
      const data = {
        table: w.key,
        tablespaces: (plain.length > 0 ? plain : [...new Set(spaces)]).join(", ") || "(none)",
      };
      findings.push(
        plain.length === 0 && spaces.length > 0
          ? { aspect: "personal_data_tablespaces", status: "pass", subject: w.key, messageId: "tableEncrypted", data }
          : {
              aspect: "personal_data_tablespaces",
              status: "fail",
              subject: w.key,
              messageId: "tableUnencrypted",
              data,
            },
      );
    }

    const permanent = seen.tablespaces.filter(
      (t) => t.CONTENTS === "PERMANENT" && !SYSTEM_TABLESPACES.has(t.TABLESPACE_NAME),
    );
    const plainSpaces = permanent.filter((t) => !yes(t.ENCRYPTED)).map((t) => t.TABLESPACE_NAME);
    if (!p.require_all_tablespaces_encrypted)
      findings.push({ aspect: "all_tablespaces", status: "not_applicable", messageId: "allTablespacesNotRequired" });
    else if (plainSpaces.length === 0)
      findings.push({
        aspect: "all_tablespaces",
        status: "pass",
        messageId: "tablespacesAllEncrypted",
        data: { count: permanent.length },
      });
    else
      findings.push({
        aspect: "all_tablespaces",
        status: "fail",
        messageId: "tablespacesUnencrypted",
        data: { count: plainSpaces.length, names: plainSpaces.join(", ") },
      });

    return {
      facts: {
        keystore: seen.wallet.map((w) => ({
          wrl_type: w.WRL_TYPE,
          status: w.STATUS,
          wallet_type: w.WALLET_TYPE,
          con_id: w.CON_ID,
        })),
        master_keys: { count: seen.keys.length, active_key_activation: newest?.toISOString() ?? null },
        tablespaces: seen.tablespaces.map((t) => ({
          name: t.TABLESPACE_NAME,
          contents: t.CONTENTS,
          encrypted: yes(t.ENCRYPTED),
        })),
        personal_data_tables: seen.tables.map((t) => ({
          table: `${t.OWNER}.${t.TABLE_NAME}`,
          tablespace: t.TABLESPACE_NAME,
          partitioned: yes(t.PARTITIONED),
          index_organised: t.IOT_TYPE === "IOT",
        })),
      },
      findings,
    };
  },
});
