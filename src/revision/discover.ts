import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type InitializeResult,
  type JSONRPCMessage,
  LATEST_PROTOCOL_VERSION,
} from "@modelcontextprotocol/sdk/types.js";
import { LISTING_CACHE } from "./answer.js";
import { META, SUPPORTED_VERSIONS } from "./era.js";

/** What server/discover tells: the same identity, capabilities and instructions initialize does. */
export interface Description {
  serverInfo: InitializeResult["serverInfo"];
  result: Record<string, unknown>;
}

/**
 * Asks a throwaway SDK server what its initialize would say, so that server/discover always
 * matches the handshake's answer (capabilities, instructions, icons) without a second copy of it.
 */
export async function describe(create: () => McpServer): Promise<Description> {
  const server = create();
  let answer: InitializeResult | undefined;
  const transport: Transport = {
    start: async () => {},
    close: async () => {},
    send: async (message: JSONRPCMessage) => {
      if ("result" in message) answer = message.result as InitializeResult;
    },
  };
  await server.connect(transport);
  transport.onmessage?.({
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: {
      protocolVersion: LATEST_PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: "bookingtime-mcp discover", version: "0" },
    },
  });
  // The SDK answers initialize from a promise chain; a few turns of the loop are enough.
  for (let turn = 0; turn < 100 && !answer; turn++) await new Promise(setImmediate);
  await server.close();
  if (!answer) throw new Error("the MCP server did not answer initialize");
  const { serverInfo, instructions } = answer;
  // The SDK marks listings as changing; ours are fixed for the life of the process, so this
  // revision's clients are not sent to subscriptions/listen, which the server does not offer.
  const capabilities = Object.fromEntries(
    Object.entries(answer.capabilities).map(([name, value]) => [name, withoutChanges(value)]),
  );
  return {
    serverInfo,
    result: {
      resultType: "complete",
      supportedVersions: SUPPORTED_VERSIONS,
      capabilities,
      ...(instructions ? { instructions } : {}),
      ...LISTING_CACHE,
      _meta: { [META.serverInfo]: serverInfo },
    },
  };
}

/** One description per kind of server (its dependencies), built on first need. */
export class Descriptions<K extends object> {
  private readonly cache = new WeakMap<K, Promise<Description>>();

  get(key: K, create: () => McpServer): Promise<Description> {
    let found = this.cache.get(key);
    if (!found) {
      found = describe(create);
      this.cache.set(key, found);
    }
    return found;
  }
}

function withoutChanges(capability: unknown): unknown {
  if (typeof capability !== "object" || capability === null) return capability;
  const {
    listChanged: _listChanged,
    subscribe: _subscribe,
    ...rest
  } = capability as Record<string, unknown>;
  return rest;
}
