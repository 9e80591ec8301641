import type { IncomingMessage } from "node:http";

/** Larger JSON-RPC messages are refused: no tool argument is legitimately this big. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
}

/**
 * Reads the whole body, refusing it as soon as it exceeds the limit: by Content-Length up front,
 * and by counting, for chunked bodies or a Content-Length that lies. A refused body is left to
 * drain (not read into memory) so that the client, still sending, can read the 413.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const refuse = () => {
      req.removeListener("data", onData);
      req.resume();
      reject(new BodyTooLarge());
    };
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return refuse();
      chunks.push(chunk);
    };
    if (Number(req.headers["content-length"]) > limit) return refuse();
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/** What the access log says about a JSON-RPC body: the method(s), and the tool(s) called. */
export function describeRpc(message: unknown): {
  rpc?: string;
  tool?: string;
  batch?: number;
  tools?: string[];
} {
  if (!Array.isArray(message)) return describeOne(message);
  // A batch names every tool it calls (bounded, like the SDK's own batch limit).
  const parts = message.slice(0, 100).map(describeOne);
  const rpcs = [...new Set(parts.flatMap((p) => (p.rpc ? [p.rpc] : [])))];
  return {
    batch: message.length,
    ...(rpcs.length > 0 ? { rpc: rpcs.join(",").slice(0, 256) } : {}),
    tools: parts.flatMap((p) => (p.tool ? [p.tool] : [])),
  };
}

function describeOne(message: unknown): { rpc?: string; tool?: string } {
  if (typeof message !== "object" || message === null) return {};
  const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
  const rpc = typeof method === "string" ? method.slice(0, 64) : undefined;
  const name = rpc === "tools/call" ? params?.name : undefined;
  return {
    ...(rpc ? { rpc } : {}),
    // Only a plausible tool name: the log must not become a channel for arbitrary input.
    ...(typeof name === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(name) ? { tool: name } : {}),
  };
}
