import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "../logger.js";

/** How often at most the "connection limit reached" line is logged. */
export const LIMIT_LOG_INTERVAL_MS = 10_000;

/**
 * Caps open connections (server.maxConnections, so file descriptors cannot run out) and keeps
 * room for real clients under a flood of connections that hold a socket without a request in
 * progress (half-open, or idle after one cheap request): near the cap, the connection idle the
 * longest is closed for each new one. A client whose request is being answered is never closed,
 * and one that sends its request promptly is never the oldest for long, so /healthz and tool
 * calls still get through.
 */
export class ConnectionGuard {
  private readonly open = new Set<Socket>();
  /** Connections with no request in progress, longest idle first. */
  private readonly idle = new Set<Socket>();
  private readonly evictAt: number;
  private evicted = 0;
  private dropped = 0;
  private lastLogAt = Number.NEGATIVE_INFINITY;

  constructor(
    server: Server,
    private readonly max: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    server.maxConnections = max;
    // Room kept free for new connections: a tenth of the cap, at most 64.
    this.evictAt = max - Math.max(1, Math.min(64, Math.floor(max / 10)));
    server.on("connection", (socket: Socket) => this.connected(socket));
    // Beyond maxConnections Node closes new connections itself, before 'connection'.
    server.on("drop", () => {
      this.dropped++;
      this.report();
    });
  }

  get size(): number {
    return this.open.size;
  }

  /** A request arrived on the connection: it is not closed while that is answered. */
  busy(socket: Socket): void {
    this.idle.delete(socket);
  }

  /** The answer went out: the connection may be closed for room again, as the newest idle one. */
  rested(socket: Socket): void {
    if (socket.destroyed || !this.open.has(socket)) return;
    this.idle.delete(socket);
    this.idle.add(socket);
  }

  private connected(socket: Socket): void {
    this.open.add(socket);
    this.idle.add(socket);
    socket.once("close", () => {
      this.open.delete(socket);
      this.idle.delete(socket);
    });
    if (this.open.size <= this.evictAt) return;
    const oldest = this.idle.values().next().value;
    if (oldest === undefined || oldest === socket) return;
    this.idle.delete(oldest);
    oldest.destroy();
    this.evicted++;
    this.report();
  }

  /** One line per interval at most, counting what happened since the last one. */
  private report(): void {
    const now = this.now();
    if (now - this.lastLogAt < LIMIT_LOG_INTERVAL_MS) return;
    this.lastLogAt = now;
    this.logger.warn(
      {
        maxConnections: this.max,
        open: this.open.size,
        closedIdle: this.evicted,
        refused: this.dropped,
      },
      "connection limit reached: closing connections with no request in progress (see BOOKINGTIME_MCP_MAX_CONNECTIONS)",
    );
    this.evicted = 0;
    this.dropped = 0;
  }
}
