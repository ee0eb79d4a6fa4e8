/** PDF through a real Chromium: every failing requirement id is in the text, the page count is sane, no network. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChromeNotFoundError, findChrome } from "../../src/report/pdf/chrome.js";
import { chromeMissing, pdfFileText } from "../support/chromium.js";
import { renderPdf } from "../../src/report/pdf/index.js";
import { renderReport, withRenderSession } from "../../src/report/index.js";
import { renderHtml } from "../../src/report/html/index.js";
import { failingRequirements } from "../../src/report/model.js";
import { fixtureModel } from "./fixtures/model.js";

const skip = chromeMissing();

async function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  const file = join(await mkdtemp(join(tmpdir(), "assay-pdf-")), "report.pdf");
  await writeFile(file, pdf);
  return pdfFileText(file);
}

test(
  "the PDF holds every failing requirement id, the run id in the footer, and a sane page count",
  { skip },
  async () => {
    const model = fixtureModel({ failRate: 0.2, requirements: 40 });
    const pdf = await renderPdf(model);
    assert.equal(Buffer.from(pdf.subarray(0, 5)).toString(), "%PDF-");
    const { text, pages } = await pdfText(pdf);
    const failing = failingRequirements(model);
    assert.ok(failing.length >= 3);
    for (const { requirement } of failing)
      assert.ok(text.includes(requirement.id), `${requirement.id} is in the PDF text`);
    assert.ok(text.includes(`run ${model.run.runId}`), "footer names the run");
    assert.match(text, /Page 1 of \d+/);
    assert.ok(pages >= 2 && pages <= 60, `${pages} pages`);
  },
);

test("rendering the PDF fetches nothing: an external reference in the page is blocked", { skip }, async () => {
  let hits = 0;
  const { createServer } = await import("node:http");
  const server = createServer((_, res) => {
    hits++;
    res.end("x");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  try {
    // Without the CSP, so only the renderer's request blocking stands between the page and the server.
    const html = renderHtml(fixtureModel())
      .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "")
      .replace(
        "</main>",
        `<img src="http://127.0.0.1:${port}/pixel.png"><link rel="stylesheet" href="http://127.0.0.1:${port}/x.css"></main>`,
      );
    const pdf = await renderPdf(fixtureModel(), html);
    assert.ok(pdf.length > 1000);
    assert.equal(hits, 0, "no request reached the server");
  } finally {
    server.close();
  }
});

test("without a browser the error names ASSAY_CHROME", () => {
  assert.throws(
    () => findChrome({}, ["/nonexistent/chromium"]),
    (e: unknown) => e instanceof ChromeNotFoundError && /set ASSAY_CHROME/.test(e.message),
  );
  assert.throws(
    () => findChrome({ ASSAY_CHROME: "/nonexistent/chrome" }),
    /ASSAY_CHROME is set to "\/nonexistent\/chrome", which is not an executable file/,
  );
});

/** Whether a process id is still a live process (a reaped child is gone; a zombie counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
}

test(
  "one session prints the report and the SoA in one browser, which is gone after close, also when the work throws",
  { skip },
  async () => {
    const model = fixtureModel({ failRate: 0.2 });
    const out = await mkdtemp(join(tmpdir(), "assay-session-"));
    const pids = new Set<number | undefined>();
    await assert.rejects(
      withRenderSession(async (session) => {
        const { written, failed } = await renderReport(model, ["pdf", "soa-pdf"], out, session);
        assert.deepEqual(failed, []);
        assert.equal(written.length, 2);
        pids.add((await session.printer()).pid);
        throw new Error("a later step failed");
      }),
      /a later step failed/,
    );
    assert.equal(pids.size, 1);
    const [pid] = pids;
    assert.ok(pid !== undefined && !alive(pid), "the browser process ended with the session");
    assert.ok(pdfFileText(join(out, "report.pdf")).text.includes(`run ${model.run.runId}`));
    assert.match(pdfFileText(join(out, "soa.pdf")).text, /Statement of Applicability/);
  },
);
