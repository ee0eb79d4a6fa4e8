/**
 * @module Reading NETWORK_SERVICE_BANNER lines. With native network encryption active, a session
 * lists an algorithm-specific adapter (`AES256 Encryption service adapter for Linux: …`) besides
 * the generic `Encryption service for Linux: …`; checksumming likewise (`SHA256 Crypto-checksumming
 * service adapter`). Local bequeath sessions (`Oracle Bequeath NT Protocol Adapter`) never cross
 * the network. TLS (TCPS) is not shown for other sessions; it is read for our own session only.
 */

export interface SessionNetwork {
  readonly sid: number;
  readonly local: boolean;
  /** Algorithm of native network encryption (AES256, 3DES168…), null when none is active. */
  readonly encryption: string | null;
  readonly checksumming: string | null;
  readonly tcps: boolean;
}

const ENCRYPTION = /^\s*(\w+) Encryption service adapter/i;
const CHECKSUM = /^\s*(\w+) Crypto-checksumming service adapter/i;

export function classifySessions(
  rows: readonly { SID: number; NETWORK_SERVICE_BANNER: string | null }[],
  self: { sid: number; tcps: boolean },
): SessionNetwork[] {
  const bySid = new Map<number, string[]>();
  for (const r of rows) bySid.set(r.SID, [...(bySid.get(r.SID) ?? []), r.NETWORK_SERVICE_BANNER ?? ""]);
  return [...bySid].map(([sid, lines]) => ({
    sid,
    local: lines.some((l) => /Bequeath/i.test(l)),
    encryption:
      lines
        .map((l) => ENCRYPTION.exec(l)?.[1])
        .find((x) => x !== undefined)
        ?.toUpperCase() ?? null,
    checksumming:
      lines
        .map((l) => CHECKSUM.exec(l)?.[1])
        .find((x) => x !== undefined)
        ?.toUpperCase() ?? null,
    tcps: sid === self.sid && self.tcps,
  }));
}

/** Protected when over TLS or under an allowed native-encryption algorithm. */
export function isProtected(s: SessionNetwork, allowed: readonly string[]): boolean {
  return s.tcps || (s.encryption !== null && allowed.includes(s.encryption));
}
