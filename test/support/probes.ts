/** @module Probes written by tests for the engine and the fleet: file targets, one aspect, the params and run the test needs. */
import type { TObject } from "@sinclair/typebox";
import { defineProbe, type ParamsOf, type ProbeContext, type ProbeOutput } from "../../src/probes/define.js";

/** A probe over file targets with one aspect `a`; `params` from `paramsObject`. */
export function fileProbe<const S extends TObject, const M extends string>(
  id: string,
  params: S,
  messages: Readonly<Record<M, string>>,
  run: (ctx: ProbeContext<ParamsOf<S>, "file">) => Promise<ProbeOutput<M, "a">>,
) {
  return defineProbe({
    meta: {
      id,
      version: "1.0.0",
      title: "t",
      description: "d",
      targetTypes: ["file"],
      privileges: ["none"],
      params,
      aspects: { a: "a" },
      messages,
    },
    run,
  });
}
