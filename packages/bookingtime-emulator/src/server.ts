import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { API_PREFIX, handleApiRequest, organizationIdFromPath } from "./api.js";
import { applyFault, TOKEN_PATH } from "./faults.js";
import { type Exchange, type RecordedRequest, readBody, sendFailure, sendJson } from "./http.js";
import { describeTokenRequest, handleTokenRequest } from "./oauth.js";
import type { SandboxState } from "./state.js";

export const MAX_BODY_BYTES = 1024 * 1024;

/** The HTTP side of a sandbox: receives, records, injects faults, then routes to the token endpoint or the API. */
export class SandboxServer {
  private readonly server: Server;
  // Delay faults hold timers that close() must cancel, or they would keep the process alive.
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly state: SandboxState) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        // A bug in the emulator should look like a server error to the client, not hang it.
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
          res.end('{"messageList":[],"content":null}');
        }
      });
    });
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen({ port, host }, () => {
        this.server.off("error", reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  close(): Promise<void> {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    const closed = new Promise<void>((resolve) => {
      // An error here only means "already closed", which is the goal anyway.
      this.server.close(() => resolve());
    });
    // Hanging requests and idle keep-alive sockets would otherwise keep close() waiting forever.
    this.server.closeAllConnections();
    return closed;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    // The query string is dropped so that nothing a client puts there can end up in the records.
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const record: RecordedRequest = { method, path, status: 0 };
    this.state.recordRequest(record);
    const isApi = path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
    if (isApi) {
      this.state.stats.apiRequests += 1;
    }
    // Taken before the body arrives, so faults are spent in the order requests were received.
    const fault = this.state.faults.take(method, path);

    const read = await readBody(req, MAX_BODY_BYTES);
    if (!read.ok && read.reason === "aborted") {
      return;
    }
    const ex: Exchange = {
      req,
      res,
      record,
      path,
      body: read.ok ? read.body : Buffer.alloc(0),
      shapes: this.state.shapes,
      language: "en",
    };
    if (path === TOKEN_PATH) {
      Object.assign(record, describeTokenRequest(req, ex.body));
    } else if (isApi) {
      const organizationId = organizationIdFromPath(path);
      if (organizationId !== undefined) {
        record.organizationId = organizationId;
      }
    }

    if (fault !== undefined && (await applyFault(ex, fault, (ms) => this.sleep(ms))) === "done") {
      return;
    }
    if (!read.ok) {
      rejectTooLarge(ex);
    } else if (path === TOKEN_PATH) {
      handleTokenRequest(ex, this.state);
    } else if (isApi) {
      handleApiRequest(ex, this.state);
    } else {
      sendFailure(ex, 404, "No route found.");
    }
  }
}

function rejectTooLarge(ex: Exchange): void {
  // The rest of the body was never read, so the connection cannot be reused.
  const headers = { connection: "close" };
  const text = `The request body exceeds ${MAX_BODY_BYTES} bytes.`;
  if (ex.path === TOKEN_PATH) {
    sendJson(ex, 413, { error: "invalid_request", error_description: text }, headers);
  } else {
    sendFailure(ex, 413, text, headers);
  }
}
