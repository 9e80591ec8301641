import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { type Language, type Message, type Shapes, shapeMessages, shapeStatus } from "./shapes.js";

export type { Message };

export interface RecordedRequest {
  method: string;
  path: string;
  /** 0 while unanswered, and for requests that were dropped or left hanging. */
  status: number;
  organizationId?: string;
  grantType?: string;
}

/** One request in flight. Every answer goes through the helpers below so the record learns its status. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  path: string;
  body: Buffer;
  /** Set by a "lose" fault: the request is handled, then the answer is dropped or withheld. */
  loseAnswer?: "drop" | "hang";
  /** The sandbox's shape mode, and the language of the path's locale segment. */
  shapes: Shapes;
  language: Language;
}

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

export function failure(text: string, parameter: string | null = null): Message {
  return { class: "MESSAGE", type: "failure", parameter, text };
}

export function success(text: string): Message {
  return { class: "MESSAGE", type: "success", parameter: null, text };
}

/** `type: "error"`, the form bookingtime's SDK documents, also inside a 200. */
export function errorMessage(text: string, parameter: string | null = null): Message {
  return { class: "MESSAGE", type: "error", parameter, text };
}

export function sendRaw(
  ex: Exchange,
  status: number,
  body: string,
  headers: OutgoingHttpHeaders = {},
): void {
  ex.record.status = status;
  if (ex.res.destroyed || ex.loseAnswer === "hang") {
    return;
  }
  if (ex.loseAnswer === "drop") {
    ex.req.socket.destroy();
    return;
  }
  const payload = status === 204 || status === 304 ? "" : body;
  ex.res.writeHead(status, {
    "content-type": JSON_CONTENT_TYPE,
    "content-length": Buffer.byteLength(payload),
    ...lowerCaseKeys(headers),
  });
  ex.res.end(payload);
}

export function sendJson(
  ex: Exchange,
  status: number,
  payload: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  sendRaw(ex, status, JSON.stringify(payload), headers);
}

export function sendEnvelope(
  ex: Exchange,
  status: number,
  messageList: Message[],
  content: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  sendEnvelopeWithStatus(ex, shapeStatus(ex.shapes, status), messageList, content, headers);
}

/** As sendEnvelope, but with exactly this status in every shape mode (texts still localized). */
export function sendEnvelopeWithStatus(
  ex: Exchange,
  status: number,
  messageList: Message[],
  content: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  const messages = shapeMessages(ex.shapes, ex.language, status, messageList);
  sendJson(ex, status, { messageList: messages, content }, headers);
}

export function sendFailure(
  ex: Exchange,
  status: number,
  text: string,
  headers: OutgoingHttpHeaders = {},
): void {
  sendEnvelope(ex, status, [failure(text)], null, headers);
}

/** The media type without parameters, lower-cased, or "" when the header is absent. */
export function mediaType(req: IncomingMessage): string {
  const header = req.headers["content-type"] ?? "";
  return (header.split(";")[0] ?? "").trim().toLowerCase();
}

export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; reason: "too_large" | "aborted" };

/** Reads the request body but stops buffering past `limit` bytes, so a huge upload cannot exhaust memory. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ ok: false, reason: "too_large" });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else if (!tooLarge) {
        chunks.push(chunk);
      }
      if (tooLarge) {
        // Answer now rather than after the client has finished sending an arbitrarily large body.
        resolve({ ok: false, reason: "too_large" });
      }
    });
    req.on("end", () =>
      resolve(
        tooLarge ? { ok: false, reason: "too_large" } : { ok: true, body: Buffer.concat(chunks) },
      ),
    );
    req.on("error", () => resolve({ ok: false, reason: "aborted" }));
  });
}

function lowerCaseKeys(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]),
  );
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON object of a write request, or undefined after answering 400 itself. */
export function readJsonObject(ex: Exchange): Record<string, unknown> | undefined {
  if (mediaType(ex.req) !== "application/json") {
    sendFailure(ex, 400, "The request body must be application/json.");
    return undefined;
  }
  let input: unknown;
  try {
    input = JSON.parse(ex.body.toString("utf8"));
  } catch {
    sendFailure(ex, 400, "The request body is not valid JSON.");
    return undefined;
  }
  if (!isPlainObject(input)) {
    sendFailure(ex, 400, "The request body must be a JSON object.");
    return undefined;
  }
  return input;
}
