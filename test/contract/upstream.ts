import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as it arrived: raw path and query, headers, body text. */
export interface Recorded {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface Reply {
  status: number;
  body: unknown;
  /** Send `body` (a string) as it is, not as JSON: a proxy's page, garbage. */
  raw?: boolean;
}
type Responder = Reply | ((req: Recorded) => Reply);

// biome-ignore lint/suspicious/noExplicitAny: fixtures are inspected field by field
export type Json = any;

const FIXTURES = new URL("./fixtures/", import.meta.url);

/** A fixture file from test/contract/fixtures/. */
export function fixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8"));
}

/** The envelope of an SDK mock: `{messageList, content}` as bookingtime answers. */
export function envelope(api: "app" | "module", sdkMethod: string): Json {
  return fixture(`${api}.${sdkMethod}.json`).envelope;
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const raw = (body: string, status = 200): Reply => ({ status, body, raw: true });

/**
 * bookingtime on 127.0.0.1: token endpoint and API, answering from fixtures. Each route is a
 * method and a pattern over the path below `/organization/{id}/`; the latest matching route wins.
 */
export class Upstream {
  readonly requests: Recorded[] = [];
  private routes: Array<{ method: string; pattern: RegExp; reply: Responder }> = [];
  private server: Server | undefined;
  private port = 0;

  on(method: string, pattern: RegExp, reply: Responder): this {
    this.routes.unshift({ method, pattern, reply });
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = req.url ?? "/";
        const [path = "", query = ""] = url.split("?");
        const recorded: Recorded = {
          method: req.method ?? "",
          url,
          path,
          query: new URLSearchParams(query),
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        };
        this.requests.push(recorded);
        const reply = this.answer(recorded);
        res.writeHead(reply.status, { "content-type": "application/json" });
        res.end(reply.raw ? String(reply.body) : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/app/v3`;
  }

  get authUrl(): string {
    return `http://127.0.0.1:${this.port}/oauth/token`;
  }

  /** API requests only, with the path below `/organization/{id}/`. */
  api(): Array<Recorded & { route: string }> {
    return this.requests
      .filter((r) => r.path.startsWith("/app/v3/"))
      .map((r) => ({ ...r, route: r.path.split("/").slice(6).join("/") }));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private answer(req: Recorded): Reply {
    if (req.path === "/oauth/token") {
      const form = new URLSearchParams(req.body);
      return form.get("grant_type") === "client_credentials"
        ? ok({ refresh_token: "RT", expires_in: 2592000 })
        : ok({ access_token: "AT", expires_in: 300 });
    }
    const route = req.path.split("/").slice(6).join("/");
    for (const r of this.routes) {
      if (r.method === req.method && r.pattern.test(route)) {
        return typeof r.reply === "function" ? r.reply(req) : r.reply;
      }
    }
    return {
      status: 500,
      body: { messageList: [{ type: "error", text: `no fixture for ${req.method} ${route}` }] },
    };
  }
}
