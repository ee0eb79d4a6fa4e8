/**
 * @module Is a file what it claims to be? SARIF 2.1.0 and CycloneDX 1.4–1.6 are validated against
 * their published JSON Schemas (vendored in `schemas/vendor/`, compiled lazily, once per process);
 * the native formats have no published schema, so a small schema of the fields we read stands in.
 * Returns the first few problems as `path: message`, or an empty list.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv as AjvType, ValidateFunction } from "ajv";
import type * as AjvModule from "ajv";
import type { ScanFormat } from "./model.js";

const require = createRequire(import.meta.url);
const vendor = new URL("../../../schemas/vendor/", import.meta.url);
const load = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, vendor), "utf8")) as Record<string, unknown>;

const str = { type: "string" } as const;
const list = (items: object) => ({ type: "array", items }) as const;
const NATIVE: Readonly<Record<Exclude<ScanFormat, "sarif" | "cyclonedx">, object>> = {
  "npm-audit": {
    type: "object",
    required: ["auditReportVersion", "vulnerabilities"],
    properties: {
      auditReportVersion: { const: 2 },
      vulnerabilities: {
        type: "object",
        additionalProperties: { type: "object", required: ["severity", "via"], properties: { via: { type: "array" } } },
      },
    },
  },
  trivy: {
    type: "object",
    required: ["SchemaVersion"],
    properties: {
      SchemaVersion: { type: "integer" },
      Results: list({
        type: "object",
        properties: { Vulnerabilities: list({ type: "object", required: ["VulnerabilityID", "Severity"] }) },
      }),
    },
  },
  grype: {
    type: "object",
    required: ["matches", "descriptor"],
    properties: {
      matches: list({
        type: "object",
        required: ["vulnerability", "artifact"],
        properties: { vulnerability: { type: "object", required: ["id", "severity"] } },
      }),
      descriptor: { type: "object", required: ["name"] },
    },
  },
  "osv-scanner": {
    type: "object",
    required: ["results"],
    properties: {
      results: list({
        type: "object",
        required: ["packages"],
        properties: {
          packages: list({ type: "object", required: ["package"], properties: { groups: { type: "array" } } }),
        },
      }),
    },
  },
  zap: {
    type: "object",
    required: ["@programName", "site"],
    properties: {
      "@programName": str,
      site: list({
        type: "object",
        properties: { alerts: list({ type: "object", required: ["pluginid", "riskcode"] }) },
      }),
    },
  },
};

let draft07: AjvType | undefined;
let draft04: AjvType | undefined;
const cache = new Map<string, ValidateFunction>();

function ajv07(): AjvType {
  if (draft07) return draft07;
  const { Ajv } = require("ajv") as typeof AjvModule;
  const addFormats = (require("ajv-formats") as { default: (a: AjvType) => void }).default;
  const a = new Ajv({ strict: false, allErrors: false, logger: false });
  addFormats(a);
  a.addFormat("iri-reference", true).addFormat("idn-email", true);
  for (const n of ["spdx", "jsf-0.82"]) {
    const s = load(`${n}.SNAPSHOT.schema.json`);
    delete s["$id"]; // referenced by file name from the bom schemas
    a.addSchema(s, `http://cyclonedx.org/schema/${n}.SNAPSHOT.schema.json`);
  }
  return (draft07 = a);
}

function ajv04(): AjvType {
  if (draft04) return draft04;
  const Draft04 = (require("ajv-draft-04") as { default: new (o: object) => AjvType }).default;
  // The SARIF schema's `language` pattern is not valid in unicode mode; it uses no \p{…} classes.
  const a = new Draft04({ strict: false, allErrors: false, logger: false, unicodeRegExp: false });
  (require("ajv-formats") as { default: (a: AjvType) => void }).default(a);
  return (draft04 = a);
}

function validatorFor(format: ScanFormat, version: string): ValidateFunction | string {
  const key = `${format}@${version}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let v: ValidateFunction;
  if (format === "sarif") v = ajv04().compile(load("sarif-2.1.0.schema.json"));
  else if (format === "cyclonedx") {
    if (!["1.4", "1.5", "1.6"].includes(version)) return `CycloneDX ${version} is not supported (1.4, 1.5, 1.6)`;
    v = ajv07().compile(load(`bom-${version}.SNAPSHOT.schema.json`));
  } else v = ajv07().compile(NATIVE[format]);
  cache.set(key, v);
  return v;
}

/** Problems that make `doc` not a valid `format` document (at most three), or []. */
export function schemaProblems(format: ScanFormat, doc: Record<string, unknown>): string[] {
  const version = typeof doc["specVersion"] === "string" ? doc["specVersion"] : "";
  const v = validatorFor(format, version);
  if (typeof v === "string") return [v];
  if (v(doc)) return [];
  return (v.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
}
