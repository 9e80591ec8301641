import type { Server, ServerResponse } from "node:http";

/** The requests being answered, so that a stop can let them finish before closing connections. */
export class InFlightRequests {
  private count = 0;
  private idle: (() => void) | undefined;
  private readonly active = new Set<ServerResponse>();
  #draining = false;

  get draining(): boolean {
    return this.#draining;
  }

  track(res: ServerResponse): void {
    this.count++;
    this.active.add(res);
    if (this.#draining) res.setHeader("connection", "close");
    res.once("close", () => {
      this.count--;
      this.active.delete(res);
      if (this.count === 0) this.idle?.();
    });
  }

  /**
   * Stops accepting, lets requests in flight finish for at most `graceMs`, then closes every
   * connection. Resolves to the number of requests that had to be cut off.
   */
  async drain(server: Server, graceMs: number): Promise<number> {
    this.#draining = true;
    // Answers still to come end their connection, so keep-alive clients reconnect elsewhere.
    for (const res of this.active) if (!res.headersSent) res.setHeader("connection", "close");
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (this.count > 0) {
      const settled = new Promise<void>((resolve) => {
        this.idle = resolve;
      });
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([settled, expired]);
      clearTimeout(timer);
    }
    const cut = this.count;
    server.closeAllConnections();
    await closed;
    return cut;
  }
}
