import type { IncomingMessage, ServerResponse } from "node:http";
import type { ReadinessProbe } from "./readiness.js";
import { sendJson } from "./respond.js";

export function isHealthPath(path: string): boolean {
  return path === "/healthz" || path === "/readyz";
}

/** /healthz: the process answers. /readyz: it can also get a bookingtime token and is not stopping. */
export function serveHealth(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  probe: ReadinessProbe,
  draining: boolean,
): void {
  // HEAD is answered like GET; Node leaves the body out by itself.
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendJson(res, 405, { status: "method not allowed" }, { allow: "GET, HEAD" });
    return;
  }
  const settled =
    path === "/healthz"
      ? { code: 200, status: "ok" }
      : draining
        ? { code: 503, status: "shutting down" }
        : probe.ready
          ? { code: 200, status: "ready" }
          : undefined;
  if (settled) {
    sendJson(res, settled.code, { status: settled.status });
    return;
  }
  // Probes retry the grant (rate-limited), so readiness recovers without traffic.
  probe.poke();
  sendJson(res, 503, {
    status: "not ready",
    reason: probe.refused
      ? "bookingtime refused the app credentials at the last token grant"
      : "no bookingtime token grant yet",
  });
}
