/**
 * @module PDF renderer: the HTML report printed by a system Chromium through puppeteer-core,
 * imported only when a PDF is asked for. One browser serves every PDF of a command
 * (`launchPrinter`, one page per document); it is killed with its whole process group when the
 * command ends, fails, or gets SIGINT/SIGTERM/SIGHUP. Every network request is refused while rendering.
 */
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import type { ReportModel } from "../model.js";
import { renderHtml } from "../html/index.js";
import { findChrome } from "./chrome.js";

/**
 * Added to puppeteer's own defaults (which already hold `--headless=new`, `--disable-dev-shm-usage`,
 * `--mute-audio` and friends). Measured on 2 cores: `--headless=old` (chrome-headless-shell mode)
 * is gone from Chromium ≥ 132, and `--no-zygote`, `--in-process-gpu` or `--single-process` did not
 * start it faster; `--single-process` is also unsupported for printing.
 */
export const CHROME_ARGS = [
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--disable-default-apps",
  "--no-first-run",
  "--no-default-browser-check",
] as const;

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** A CSS string literal: every character but plain ASCII letters, digits and spaces as a hex escape. */
const cssString = (s: string): string =>
  `"${[...s].map((c) => (/[A-Za-z0-9 ]/.test(c) ? c : `\\${(c.codePointAt(0) ?? 0).toString(16)} `)).join("")}"`;

/**
 * Page footer of the PDF (run id and date left, page numbers right) as CSS page-margin boxes.
 * Chromium prints these with the page itself; `displayHeaderFooter` templates cost about a second
 * more per 40 tagged pages (each page's footer is a document of its own).
 */
function withFooter(html: string, model: ReportModel): string {
  const box = "font:8px system-ui,sans-serif;color:#5d6673";
  const css = `<style>@page{@bottom-left{content:${cssString(`Assay · run ${model.run.runId} · ${model.run.startedAt.slice(0, 10)}`)};${box}}@bottom-right{content:"Page " counter(page) " of " counter(pages);${box}}}</style>`;
  const at = html.indexOf("</head>");
  if (at < 0) throw new Error("the page to print has no </head>");
  return `${html.slice(0, at)}${css}${html.slice(at)}`;
}

export interface PrintOptions {
  readonly landscape?: boolean;
}

/** A running browser that prints documents one page (tab) each. */
export interface PdfPrinter {
  print(model: ReportModel, html: string, opts?: PrintOptions): Promise<Uint8Array>;
  /** Closes the browser and removes its profile; safe to call twice. */
  close(): Promise<void>;
  /** Process id of the browser (its process group), for tests that check nothing outlives a command. */
  readonly pid: number | undefined;
}

/**
 * Starts Chromium. Until `close()`, a SIGINT/SIGTERM/SIGHUP kills the browser's process group and
 * removes its profile, then the signal goes on to the command's own handlers or default action; the
 * DevTools pipe (not a port) also makes the browser exit on its own when this process dies.
 */
export async function launchPrinter(): Promise<PdfPrinter> {
  const executablePath = findChrome();
  const { launch } = await import("puppeteer-core");
  const userDataDir = await mkdtemp(join(tmpdir(), "assay-chrome-"));
  // Chromium refuses its sandbox as root, and a container (Dockerfile) is the sandbox itself.
  const root =
    (typeof process.getuid === "function" && process.getuid() === 0) || process.env["ASSAY_CHROME_NO_SANDBOX"] === "1";
  // Aborting the launch signal makes puppeteer SIGKILL the browser's process group at once.
  const abort = new AbortController();
  const killNow = () => {
    abort.abort();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    detach();
    killNow();
    // Handled: pass the signal on, so the command's handler (or the default action) still sees it.
    process.kill(process.pid, signal);
  };
  const detach = () => {
    process.off("exit", killNow);
    for (const s of SIGNALS) process.off(s, onSignal);
  };
  process.on("exit", killNow);
  for (const s of SIGNALS) process.on(s, onSignal);
  let browser: Browser;
  try {
    browser = await launch({
      executablePath,
      userDataDir,
      headless: true,
      pipe: true,
      signal: abort.signal,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: [...CHROME_ARGS, ...(root ? ["--no-sandbox"] : [])],
    });
  } catch (err) {
    detach();
    killNow();
    throw err;
  }
  let closed = false;
  return {
    pid: browser.process()?.pid,
    print: (model, html, opts = {}) => printOn(browser, model, html, opts),
    async close() {
      if (closed) return;
      closed = true;
      detach();
      try {
        await browser.close();
      } catch {
        abort.abort();
      } finally {
        await rm(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

async function printOn(browser: Browser, model: ReportModel, html: string, opts: PrintOptions): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      const url = req.url();
      if (url === "about:blank" || url.startsWith("data:")) void req.continue();
      else void req.abort("blockedbyclient");
    });
    // Everything is inline (styles, SVG charts, data: images): "load" comes right after parsing.
    await page.setContent(withFooter(html, model), { waitUntil: "load" });
    return await page.pdf({
      format: "A4",
      landscape: opts.landscape === true,
      printBackground: true,
      // Bookmarks: Chromium builds the PDF outline from the headings of the tagged document.
      tagged: true,
      outline: true,
      margin: { top: "16mm", bottom: "18mm", left: "14mm", right: "14mm" },
    });
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** One PDF: on `printer` when given (the command's shared browser), else on a browser of its own. */
export async function renderPdf(
  model: ReportModel,
  html: string = renderHtml(model, { print: true }),
  opts: PrintOptions = {},
  printer?: PdfPrinter,
): Promise<Uint8Array> {
  if (printer) return printer.print(model, html, opts);
  const own = await launchPrinter();
  try {
    return await own.print(model, html, opts);
  } finally {
    await own.close();
  }
}
