/** @module The explicit list of probes. A test checks that every folder under src/probes/ is listed here. */
import type { AnyProbe } from "./define.js";

const list: readonly AnyProbe[] = [
];

export const PROBES: ReadonlyMap<string, AnyProbe> = new Map(list.map((p) => [p.meta.id, p]));
