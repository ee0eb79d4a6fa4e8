/** @module A throwaway `redis-server` on a free port (no persistence), for the queue tests and the fleet bench. */
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import { freePort } from "./postgres.js";

/** Why Redis tests are skipped here, or false when `redis-server` is installed. */
export const noRedis: string | false = spawnSync("redis-server", ["--version"]).error
  ? "redis-server is not installed (apt-get install redis-server; .ci/run does)"
  : false;

export interface RunningRedis {
  readonly port: number;
  readonly url: string;
  stop(): void;
}

export async function startRedis(): Promise<RunningRedis> {
  if (noRedis) throw new Error(noRedis);
  const port = await freePort();
  const server = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  const stop = () => void server.kill("SIGKILL");
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((r) => {
      const c = net.connect(port, "127.0.0.1", () => (c.end(), r(true)));
      c.on("error", () => r(false));
    });
    if (up) return { port, url: `redis://127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  stop();
  throw new Error("redis-server did not start");
}
