import { isLoopback } from "../settings/loopback.js";

export interface GuardOptions {
  /** The bind address and the port actually listened on. */
  host: string;
  port: number;
  allowedHosts: readonly string[];
  allowedOrigins: readonly string[];
}

/**
 * DNS-rebinding protection: a page on evil.example can make a browser send requests to a server
 * on 127.0.0.1, but its Host and Origin headers still name evil.example.
 */
export class HostGuard {
  private readonly hosts: ReadonlySet<string>;
  private readonly hostnames: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;

  constructor(opts: GuardOptions) {
    const own = ownHosts(opts.host, opts.port);
    // An allowed entry with a port matches exactly; without one it matches that name on any
    // port (a reverse proxy usually sends the bare name).
    this.hosts = new Set([...own, ...opts.allowedHosts.filter(hasPort)]);
    this.hostnames = new Set(opts.allowedHosts.filter((h) => !hasPort(h)));
    this.origins = new Set([
      ...opts.allowedOrigins,
      // The server's own origin is not cross-site (e.g. a page it serves, or a same-origin probe).
      ...own.map((h) => `http://${h}`),
    ]);
  }

  hostAllowed(host: string | undefined): boolean {
    if (!host) return false;
    const lower = host.toLowerCase();
    return this.hosts.has(lower) || this.hostnames.has(hostname(lower));
  }

  /** Requests without Origin come from non-browser clients, which DNS rebinding cannot drive. */
  originAllowed(origin: string | undefined): boolean {
    return origin === undefined || this.origins.has(origin.toLowerCase());
  }
}

function ownHosts(host: string, port: number): string[] {
  const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  if (isLoopback(host)) {
    // The address actually bound (127.0.0.2, say) besides the usual loopback names.
    return [
      ...new Set([
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        `[::1]:${port}`,
        `${bracketed}:${port}`,
      ]),
    ].map((h) => h.toLowerCase());
  }
  // A wildcard bind has no single own name: only BOOKINGTIME_MCP_ALLOWED_HOSTS counts.
  if (host === "0.0.0.0" || host === "::" || host === "[::]") return [];
  return [`${bracketed}:${port}`];
}

function hasPort(host: string): boolean {
  return /:\d+$/.test(host);
}

function hostname(host: string): string {
  return host.replace(/:\d+$/, "");
}
