import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";

/**
 * MCP 2026-07-28 ("modern"): no initialize handshake and no session; every request carries its
 * protocol version and the client's capabilities in `params._meta`. Served beside the
 * handshake-based revisions (2025-11-25 and older, through the SDK) on the same endpoint.
 */
export const MODERN_VERSION = "2026-07-28";
export const SUPPORTED_VERSIONS = [MODERN_VERSION, ...SUPPORTED_PROTOCOL_VERSIONS];

export const META = {
  protocolVersion: "io.modelcontextprotocol/protocolVersion",
  clientCapabilities: "io.modelcontextprotocol/clientCapabilities",
  serverInfo: "io.modelcontextprotocol/serverInfo",
} as const;

/** The revision's own error codes (schema/2026-07-28). */
export const ERRORS = {
  headerMismatch: -32020,
  unsupportedVersion: -32022,
  invalidParams: -32602,
  methodNotFound: -32601,
} as const;

/** Every client request of the revision; the others (initialize, ping, logging/setLevel) are gone. */
const MODERN_METHODS = new Set([
  "server/discover",
  "tools/list",
  "tools/call",
  "resources/list",
  "resources/read",
  "resources/templates/list",
  "prompts/list",
  "prompts/get",
  "completion/complete",
]);

/** A request of the revision, checked: what the layers below need of its envelope. */
export interface ModernRequest {
  id: string | number;
  method: string;
  params: Record<string, unknown>;
  clientCapabilities: Record<string, unknown>;
}

export interface EraError {
  code: number;
  message: string;
  data?: unknown;
  /** The status a Streamable HTTP answer carries (the revision names one for each). */
  status: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Whether a message belongs to the modern revision: a request that claims a protocol version in
 * its `_meta`, or server/discover (which only that revision has). Everything else, initialize
 * first of all, stays with the SDK's handshake-based serving.
 */
export function isModern(message: unknown): boolean {
  if (!isObject(message) || typeof message.method !== "string" || !("id" in message)) return false;
  if (message.method === "server/discover") return true;
  const meta = isObject(message.params) ? message.params._meta : undefined;
  return isObject(meta) && META.protocolVersion in meta;
}

/**
 * Checks a modern request's envelope; the error to answer with when it does not hold.
 * `transport` checks what the transport mirrors of it (HTTP headers) once the fields exist,
 * before the version is judged: a header that contradicts the body is a HeaderMismatch.
 */
export function checkModern(
  message: Json,
  transport?: () => EraError | undefined,
): ModernRequest | EraError {
  const params = isObject(message.params) ? message.params : {};
  const meta = isObject(params._meta) ? params._meta : {};
  const version = meta[META.protocolVersion];
  if (typeof version !== "string") {
    return invalid(`params._meta["${META.protocolVersion}"] is required.`);
  }
  const mirrored = transport?.();
  if (mirrored) return mirrored;
  if (version !== MODERN_VERSION) {
    return {
      code: ERRORS.unsupportedVersion,
      message: "Unsupported protocol version",
      data: { supported: SUPPORTED_VERSIONS, requested: version },
      status: 400,
    };
  }
  const clientCapabilities = meta[META.clientCapabilities];
  if (!isObject(clientCapabilities)) {
    return invalid(`params._meta["${META.clientCapabilities}"] is required.`);
  }
  // Answers to the server's input requests: an object of results, echoed with an opaque string.
  const responses = params.inputResponses;
  if (
    "inputResponses" in params &&
    !(isObject(responses) && Object.values(responses).every(isObject))
  ) {
    return invalid("inputResponses must be an object of results keyed like inputRequests.");
  }
  if ("requestState" in params && typeof params.requestState !== "string") {
    return invalid("requestState must be the string the server sent, unchanged.");
  }
  const method = String(message.method);
  if (!MODERN_METHODS.has(method)) {
    return {
      code: ERRORS.methodNotFound,
      message: `Method not found: ${method} is not part of MCP ${MODERN_VERSION}.`,
      status: 404,
    };
  }
  return { id: message.id as string | number, method, params, clientCapabilities };
}

export const isEraError = (value: ModernRequest | EraError): value is EraError => "code" in value;

function invalid(message: string): EraError {
  return { code: ERRORS.invalidParams, message: `Invalid params: ${message}`, status: 400 };
}
