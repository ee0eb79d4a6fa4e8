/** @module Handles on a test database as Assay opens them: the auditor role `assay_ro`, and any other role on demand. */
import { openPg, type PgHandle } from "../../src/targets/postgres.js";
import type { RunningPostgres } from "./postgres.js";

export interface AuditedDb {
  readonly server: RunningPostgres;
  /** Handle as the least-privileged auditor role `assay_ro`. */
  readonly auditor: PgHandle;
  /** Handle for any role of the cluster (caller closes it). */
  open(user: string, password?: string): Promise<PgHandle>;
  /** Closes the auditor's handle and stops the server. */
  close(): Promise<void>;
}

/** Opens `assay_ro` on `database` of a started server, whose roles share `password`. */
export async function auditedDb(
  server: RunningPostgres,
  database: string,
  password: string,
  ssl: "require" | "disable" = "disable",
): Promise<AuditedDb> {
  const open = (user: string, pw = password) =>
    openPg(
      { host: server.host, port: server.port, database, user, password: pw, ssl: { mode: ssl } },
      { timeoutMs: 20_000, baseDir: process.cwd() },
    );
  const auditor = await open("assay_ro");
  return {
    server,
    auditor,
    open,
    async close() {
      await auditor.end().catch(() => undefined);
      await server.stop();
    },
  };
}
