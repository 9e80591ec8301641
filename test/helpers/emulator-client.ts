import { request } from "undici";
import {
  SANDBOX_DEFAULT_CLIENT,
  type Sandbox,
} from "../../packages/bookingtime-emulator/src/index.js";

// biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected field by field
export type Json = any;

export interface Reply {
  status: number;
  json: Json;
}

/** Plain HTTP on 127.0.0.1 against a running emulator, as the default demo client. */
export function emulatorClient(sandbox: Sandbox, organizationId: string) {
  let token = "";

  async function form(params: Record<string, string>): Promise<Json> {
    const res = await request(sandbox.authUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    });
    return res.body.json();
  }

  return {
    /** Fetches a fresh organization access token; call after every sandbox.reset(). */
    async login(): Promise<void> {
      const { refresh_token } = await form({
        grant_type: "client_credentials",
        client_id: SANDBOX_DEFAULT_CLIENT.clientId,
        client_secret: SANDBOX_DEFAULT_CLIENT.clientSecret,
      });
      const { access_token } = await form({
        grant_type: "refresh_token",
        client_id: SANDBOX_DEFAULT_CLIENT.clientId,
        refresh_token,
        organization_id: organizationId,
      });
      token = access_token;
    },

    url(route: string, locale = "en"): string {
      return `${sandbox.apiUrl}/${locale}/organization/${organizationId}/${route}`;
    },

    async send(
      method: "GET" | "POST" | "PUT",
      route: string,
      body?: unknown,
      opts: { locale?: string; auth?: boolean } = {},
    ): Promise<Reply> {
      const res = await request(this.url(route, opts.locale), {
        method,
        headers: {
          ...(opts.auth === false ? {} : { authorization: `Bearer ${token}` }),
          "content-type": "application/json; charset=utf-8",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.statusCode, json: await res.body.json() };
    },
  };
}

export type EmulatorClient = ReturnType<typeof emulatorClient>;
