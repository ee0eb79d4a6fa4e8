/** @module Name-based (RFC 4122 version 5) UUIDs, so rendering the same run twice gives the same OSCAL document. */
import { createHash } from "node:crypto";

/** Assay's namespace for OSCAL UUIDs (itself a random v4 UUID, fixed forever). */
const NAMESPACE = Buffer.from("6f3c2b1e9a4d4e7fb2c85d0a1e3f4b67", "hex");

export function uuidV5(name: string): string {
  const h = createHash("sha1").update(NAMESPACE).update(name, "utf8").digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
