/**
 * @module Split a `COPY … TO STDOUT` text-format stream into rows. In that format a row is one line
 * (embedded newlines are escaped), fields are tab-separated, so splitting raw bytes is exact and
 * far cheaper than letting the driver parse types.
 */
import { StringDecoder } from "node:string_decoder";

/**
 * Call `onLine(buf, start, end)` with each row's raw bytes `buf[start, end)` (without the newline);
 * the buffer is only valid during the call. Offsets instead of slices keep the loop allocation-free.
 */
export async function forEachCopyLine(
  chunks: AsyncIterable<Buffer>,
  onLine: (buf: Buffer, start: number, end: number) => void,
): Promise<number> {
  let rest: Buffer | null = null;
  let n = 0;
  for await (const chunk of chunks) {
    let start = 0;
    if (rest) {
      // Only the line split across chunks is copied; the rest of the chunk is read in place.
      const nl = chunk.indexOf(10);
      if (nl === -1) {
        rest = Buffer.concat([rest, chunk]);
        continue;
      }
      const joined = Buffer.concat([rest, chunk.subarray(0, nl)]);
      onLine(joined, 0, joined.length);
      n++;
      rest = null;
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      onLine(chunk, start, nl);
      n++;
      start = nl + 1;
    }
    if (start < chunk.length) rest = Buffer.from(chunk.subarray(start));
  }
  if (rest && rest.length > 0) {
    onLine(rest, 0, rest.length);
    n++;
  }
  return n;
}

/** Rows as decoded text fields (`null` for NULL); convenient, slower than `forEachCopyLine`. */
export async function* copyLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<(string | null)[]> {
  let rest = "";
  const decoder = new StringDecoder("utf8");
  for await (const chunk of chunks) {
    const text = rest + decoder.write(chunk);
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) yield line.split("\t").map(decodeCopyField);
  }
  rest += decoder.end();
  if (rest !== "") yield rest.split("\t").map(decodeCopyField);
}

/** Decode one COPY text field (the inverse of COPY's escaping) — used for sequence and hash fields. */
export function decodeCopyField(raw: string): string | null {
  if (raw === "\\N") return null;
  if (!raw.includes("\\")) return raw;
  const map: Readonly<Record<string, string>> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };
  return raw.replace(/\\(.)/g, (_w, c: string) => map[c] ?? c);
}
