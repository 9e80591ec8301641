import type { Dispatcher } from "undici";

/** One HTTP exchange as the product's own client made it: what doctor reports and records. */
export interface TappedExchange {
  method: string;
  /** Path and query as sent, ids kept. */
  path: string;
  /** 0 when no answer arrived. */
  status: number;
  body: Buffer;
}

/**
 * Wraps the connection pool so that doctor sees every answer the unchanged token service and
 * API client receive: the report can quote bookingtime's status and messages, and --record
 * can save the payloads, while the calls themselves go through the product's code path.
 */
export function tap(inner: Dispatcher, exchanges: TappedExchange[]): Dispatcher {
  return inner.compose((dispatch) => (opts, handler): boolean => {
    const entry: TappedExchange = {
      method: String(opts.method),
      path: opts.path,
      status: 0,
      body: Buffer.alloc(0),
    };
    exchanges.push(entry);
    const chunks: Buffer[] = [];
    return dispatch(opts, {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, status, headers, socket) =>
        handler.onRequestUpgrade?.(controller, status, headers, socket),
      onResponseStart: (controller, status, headers, message) => {
        entry.status = status;
        return handler.onResponseStart?.(controller, status, headers, message);
      },
      onResponseData: (controller, chunk) => {
        chunks.push(chunk);
        return handler.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (controller, trailers) => {
        entry.body = Buffer.concat(chunks);
        return handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, error) => {
        // An answer cut off half-way is no answer.
        entry.status = 0;
        return handler.onResponseError?.(controller, error);
      },
    });
  });
}
