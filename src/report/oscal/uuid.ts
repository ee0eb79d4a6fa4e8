/** @module Name-based (RFC 4122 version 5) UUIDs, so rendering the same run twice gives the same OSCAL document. */
import { v5 } from "uuid";

/** Assay's namespace for OSCAL UUIDs (itself a random v4 UUID, fixed forever). */
const NAMESPACE = "6f3c2b1e-9a4d-4e7f-b2c8-5d0a1e3f4b67";

export function uuidV5(name: string): string {
  return v5(name, NAMESPACE);
}
