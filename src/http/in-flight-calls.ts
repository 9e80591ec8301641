import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { Caller } from "../audit/caller.js";
import { bearerToken } from "./auth.js";

/** More calls than the request limit ever lets run; past it a call simply cannot be cancelled by notification. */
const MAX_CALLS = 4_096;

/**
 * Who may cancel a call over HTTP: the identity the request authenticated as. A named token,
 * an OAuth subject (whatever access token it currently holds) or, under --insecure-no-auth, the
 * one anonymous caller of a loopback-only server. Unnamed static tokens share a caller id, so
 * they are told apart by a hash of the token, kept in memory only.
 */
export function cancelOwner(req: IncomingMessage, caller: Caller): string {
  if (caller.id !== "static-token") return `${caller.id}\u0000${caller.clientId ?? ""}`;
  const token = bearerToken(req.headers.authorization) ?? "";
  return `static-token\u0000${createHash("sha256").update(token).digest("base64url")}`;
}

/**
 * The calls being answered over HTTP, by (caller, JSON-RPC id), so that a later POST's
 * notifications/cancelled reaches the call it names. Bounded, and each entry leaves when its call
 * ends. Two calls of one caller with the same id in flight at once (two clients sharing a token)
 * are ambiguous: a cancel naming that id then cancels neither, rather than perhaps the wrong one.
 */
export class InFlightCalls {
  private readonly calls = new Map<string, Array<(reason: string) => void>>();
  private size = 0;

  /** Registers a running call; the returned function removes it (call it when the call ends). */
  add(owner: string, id: RequestId, cancel: (reason: string) => void): () => void {
    if (this.size >= MAX_CALLS) return () => {};
    const key = keyOf(owner, id);
    const list = this.calls.get(key) ?? [];
    list.push(cancel);
    this.calls.set(key, list);
    this.size++;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.size--;
      const rest = list.filter((c) => c !== cancel);
      if (rest.length > 0) this.calls.set(key, rest);
      else this.calls.delete(key);
    };
  }

  /** Cancels the caller's one running call with that id; false when there is none (or two). */
  cancel(owner: string, id: RequestId, reason: string): boolean {
    const list = this.calls.get(keyOf(owner, id));
    if (list?.length !== 1) return false;
    list[0]?.(reason);
    return true;
  }

  get running(): number {
    return this.size;
  }
}

// The id's type counts: 1 and "1" are different requests.
const keyOf = (owner: string, id: RequestId) => `${owner}\u0000${typeof id}:${id}`;
