/** @module Domain types shared by every pipeline stage. */
export * from "./status.js";
export * from "./selection.js";
export type * from "./json.js";
export type * from "./spec.js";
export * from "./result.js";
export type * from "./evidence.js";
