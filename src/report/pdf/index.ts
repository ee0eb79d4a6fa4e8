/**
 * @module PDF renderer: the HTML report printed by a system Chromium through puppeteer-core,
 * imported only when a PDF is asked for. Every network request is refused while rendering.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReportModel } from "../model.js";
import { renderHtml } from "../html/index.js";
import { findChrome } from "./chrome.js";

export const CHROME_ARGS = [
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--disable-default-apps",
  "--no-first-run",
  "--no-default-browser-check",
] as const;

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Page footer of the PDF: run id, date and page numbers (Chromium fills the span classes). */
function footer(model: ReportModel): string {
  return `<div style="font-size:8px;color:#5d6673;width:100%;padding:0 14mm;display:flex;justify-content:space-between;font-family:system-ui,sans-serif">
<span>Assay · run ${esc(model.run.runId)} · ${esc(model.run.startedAt.slice(0, 10))}</span>
<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

export async function renderPdf(
  model: ReportModel,
  html: string = renderHtml(model, { print: true }),
  opts: { readonly landscape?: boolean } = {},
): Promise<Uint8Array> {
  const executablePath = findChrome();
  const { launch } = await import("puppeteer-core");
  const userDataDir = await mkdtemp(join(tmpdir(), "assay-chrome-"));
  // Chromium refuses its sandbox as root, and a container (Dockerfile) is the sandbox itself.
  const root =
    (typeof process.getuid === "function" && process.getuid() === 0) || process.env["ASSAY_CHROME_NO_SANDBOX"] === "1";
  const browser = await launch({
    executablePath,
    userDataDir,
    headless: true,
    args: [...CHROME_ARGS, ...(root ? ["--no-sandbox"] : [])],
  });
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on("request", (req) => {
      const url = req.url();
      if (url === "about:blank" || url.startsWith("data:")) void req.continue();
      else void req.abort("blockedbyclient");
    });
    await page.setContent(html, { waitUntil: "load" });
    const pdf = await page.pdf({
      format: "A4",
      landscape: opts.landscape === true,
      printBackground: true,
      // Bookmarks: Chromium builds the PDF outline from the headings of the tagged document.
      tagged: true,
      outline: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: footer(model),
      margin: { top: "16mm", bottom: "18mm", left: "14mm", right: "14mm" },
    });
    return pdf;
  } finally {
    await browser.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}
