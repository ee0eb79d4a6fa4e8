/** @module HTML renderer: one self-contained page (inline CSS and SVG, strict CSP, every value escaped). */
import Handlebars from "handlebars";
import type { ReportModel } from "../model.js";
import { CSS } from "./styles.js";
import { TEMPLATE } from "./template.js";
import { htmlView } from "./view.js";

let compiled: HandlebarsTemplateDelegate | undefined;

/** The report page as one string. Observations can hold anything; the template only escapes them. */
export function renderHtml(model: ReportModel, opts: { print?: boolean } = {}): string {
  // An isolated environment: no helper or partial registered elsewhere can reach this template.
  compiled ??= Handlebars.create().compile(TEMPLATE, { knownHelpersOnly: true, strict: false, preventIndent: true });
  return compiled({ ...htmlView(model, opts), css: CSS });
}
