/** @module XML text and attribute escaping for the JUnit renderer; drops characters XML 1.0 cannot hold. */

// Control characters other than tab, LF and CR are not allowed anywhere in an XML 1.0 document, nor are lone surrogates.
const INVALID =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function xmlText(s: string): string {
  return s.replace(INVALID, "\uFFFD").replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

/** Attribute values: also quotes, and line breaks as references so parsers keep them. */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replace(/["']/g, (c) => ENTITIES[c] ?? c)
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}
