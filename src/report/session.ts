/**
 * @module A render session: what the formats of one command share. Today that is the browser for
 * PDFs: started by the first PDF asked for, reused by every other one (report, SoA), closed by
 * `close()` in the caller's `finally`. Commands that write no PDF never load puppeteer-core.
 */
import type { PdfPrinter } from "./pdf/index.js";

export class RenderSession {
  #printer: Promise<PdfPrinter> | undefined;

  /** The shared browser, started on first use. A failed start is remembered: every PDF gets its reason. */
  printer(): Promise<PdfPrinter> {
    this.#printer ??= import("./pdf/index.js").then((m) => m.launchPrinter());
    return this.#printer;
  }

  /** Closes the browser when one was started; safe to call twice. */
  async close(): Promise<void> {
    const p = this.#printer;
    this.#printer = undefined;
    if (p) await p.then((b) => b.close()).catch(() => undefined);
  }
}

/** Runs `fn` with a session that is closed afterwards, also when `fn` throws. */
export async function withRenderSession<T>(fn: (session: RenderSession) => Promise<T>): Promise<T> {
  const session = new RenderSession();
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
