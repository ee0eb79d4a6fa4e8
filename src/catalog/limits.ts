/**
 * @module Input limits, so a hostile or mistaken input file is refused quickly and in bounded
 * memory: size of any YAML input, nesting depth, problems reported per file, and how much of an
 * offending token a message may quote (escaped: never raw binary, never a whole line of a file).
 */

/** Largest YAML input (project file, catalog, checks, profile, mapping, waivers); shipped ones are < 50 KiB. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;
/** Deepest nesting of YAML collections (shipped inputs nest < 10 levels). */
export const MAX_DEPTH = 200;
/** Problems printed per file and severity; the rest are counted in one line. */
export const MAX_PROBLEMS_PER_FILE = 50;
/** Longest quoted token in a message. */
const MAX_TOKEN = 40;

/**
 * An upper bound on the nesting of a YAML text, without parsing it (parsers recurse): flow brackets
 * plus, per line, indentation and inline `- ` sequence markers. Returns the first line over `max`.
 */
export function tooDeep(text: string, max = MAX_DEPTH): number | undefined {
  let flow = 0;
  let line = 1;
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = true;
      indent = 0;
      dashes = 0;
      continue;
    }
    if (lineStart && c === 32) {
      indent++;
      continue;
    }
    if (c === 45 && (lineStart || dashes > 0) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 10)) {
      dashes++;
      lineStart = false;
      i++;
      if (text.charCodeAt(i) === 10) i--;
      if (flow + dashes + indent / 2 > max) return line;
      continue;
    }
    if (c === 32 && dashes > 0) continue;
    lineStart = false;
    if (c === 91 || c === 123) {
      flow++;
      if (flow + dashes + indent / 2 > max) return line;
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  return undefined;
}

/** True for text that is not a YAML document anyone wrote: NUL bytes or many undecodable bytes. */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  if (sample.includes(0)) return true;
  const text = Buffer.from(sample).toString("utf8");
  let bad = 0;
  for (const ch of text) if (ch === "\uFFFD") bad++;
  return bad > 8 && bad > text.length / 100;
}

/**
 * A message safe to print: control characters and undecodable bytes escaped, and every quoted
 * token longer than a short excerpt cut (a message never quotes a file's content at length).
 */
export function safeMessage(message: string): string {
  const escaped = message.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/g,
    (ch) => (ch === "\ufffd" ? "\\ufffd" : `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`),
  );
  return escaped.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, token: string) =>
    token.length > MAX_TOKEN ? `"${token.slice(0, MAX_TOKEN)}…"` : whole,
  );
}
