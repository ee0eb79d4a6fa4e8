/**
 * The import graph of src/: dependencies point down the pipeline. Nothing in src/targets imports
 * src/probes (connectors know nothing of probes), and no file reaches itself through its imports.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SRC = join(ROOT, "src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** file → the files of src/ it imports (static `import … from`/`export … from`, type-only included). */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files(SRC)) {
    const text = readFileSync(f, "utf8");
    const deps = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gms)].map((m) =>
      relative(ROOT, resolve(dirname(f), (m[1] ?? "").replace(/\.js$/, ".ts"))),
    );
    g.set(relative(ROOT, f), deps);
  }
  return g;
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

test("nothing in src/targets imports src/probes", () => {
  const up = [...graph()].flatMap(([f, deps]) =>
    f.startsWith("src/targets/") ? deps.filter((d) => d.startsWith("src/probes/")).map((d) => `${f} -> ${d}`) : [],
  );
  assert.deepEqual(up, []);
});

test("the import graph of src/ has no cycle", () => {
  // The CLI's cycle (main ↔ subcommands through EXIT) is being cut in the run-API work; every other
  // folder must stay acyclic.
  const found = cycles(graph()).filter((c) => !c.every((f) => f.startsWith("src/cli/")));
  assert.deepEqual(found, []);
});
