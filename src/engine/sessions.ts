/**
 * @module Target sessions: each target is opened at most once per run, lazily, by its connector,
 * with its secret references resolved just then; every probe of the target shares the handle.
 * A target that cannot be opened fails every invocation on it with the (redacted) reason.
 */
import type { TargetDecl } from "../model/index.js";
import type { AnyConnector, TargetHandleMap, TargetType } from "../targets/index.js";
import { type Redactor, type SecretPorts, resolveSecrets } from "../targets/secrets.js";

type Handle = TargetHandleMap[TargetType];

export interface SessionPorts {
  readonly connectors: Readonly<Record<string, AnyConnector>>;
  readonly secrets: SecretPorts;
  readonly redactor: Redactor;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

export class TargetSessions {
  readonly #open = new Map<string, Promise<Handle>>();
  readonly #ports: SessionPorts;

  constructor(ports: SessionPorts) {
    this.#ports = ports;
  }

  handle(target: TargetDecl): Promise<Handle> {
    let h = this.#open.get(target.id);
    if (!h) {
      h = this.#connect(target);
      this.#open.set(target.id, h);
    }
    return h;
  }

  async #connect(target: TargetDecl): Promise<Handle> {
    const connector = this.#ports.connectors[target.type];
    if (!connector) throw new Error(`no connector for target type "${target.type}"`);
    const connection = resolveSecrets(target.connection, this.#ports.secrets, this.#ports.redactor);
    return connector.open(connection, {
      signal: this.#ports.signal,
      timeoutMs: this.#ports.timeoutMs,
      baseDir: this.#ports.secrets.baseDir,
    });
  }

  /** Close one target's handle, if it opened; closing errors are ignored (its results are already in). */
  async close(t: TargetDecl): Promise<void> {
    const pending = this.#open.get(t.id);
    if (!pending) return;
    this.#open.delete(t.id);
    try {
      const connector = this.#ports.connectors[t.type];
      await connector?.close(await pending);
    } catch {
      /* a handle that never opened or fails to close holds nothing to release */
    }
  }

  /** Close every handle that opened. */
  async closeAll(targets: readonly TargetDecl[]): Promise<void> {
    await Promise.all(targets.map((t) => this.close(t)));
    this.#open.clear();
  }
}
