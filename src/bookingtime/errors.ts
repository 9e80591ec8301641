/**
 * The domain's error vocabulary: the upstream errors every layer above may surface, plus the
 * two that only the bookingtime client knows (input it refuses to send, unusable content).
 */
import { ApiServerError, kinded, type UpstreamMessage } from "../upstream/errors.js";

export {
  ApiClientError,
  ApiServerError,
  AuthError,
  BookingtimeError,
  type CauseCode,
  type ErrorFacts,
  OrganizationAccessError,
  type UpstreamMessage,
  UpstreamUnavailableError,
} from "../upstream/errors.js";

/** By type only, in any case: the texts are bookingtime's to word (and translate). */
export function isErrorMessage(message: UpstreamMessage): boolean {
  const type = message.type.toLowerCase();
  return type === "error" || type === "failure";
}

/** The caller's input cannot be sent (missing organization, malformed id). No request was made. */
export class UserInputError extends kinded("user_input") {}

/**
 * bookingtime answered 2xx but `content` is missing or not what the call expects. For a read
 * it is a failure; a write with this answer was done (2xx) and is read back instead.
 */
export class UnusableContentError extends ApiServerError {
  /** Nothing at all: null, "", [] or {}. Identify may answer so for "no such record". */
  readonly empty: boolean;
  /** The record's id when the content has one: a write can be read back by it. */
  readonly recordId: string | undefined;
  /** bookingtime put a message of type "error" (or "failure") in the answer. */
  readonly reportsError: boolean;

  constructor(
    status: number,
    content: unknown,
    messages: readonly UpstreamMessage[],
    /** The body was not JSON at all (a proxy's page, garbage). */
    notJson = false,
  ) {
    const reportsError = messages.some(isErrorMessage);
    super(
      notJson
        ? `bookingtime answered ${status} with a body that is not bookingtime JSON.`
        : reportsError
          ? `bookingtime answered ${status} with an error message and no usable content.`
          : `bookingtime answered ${status} with content of an unexpected shape.`,
      {
        status,
        upstreamMessages: messages,
        code: notJson
          ? "upstream_failed"
          : reportsError
            ? "content_with_error"
            : "content_unexpected",
      },
    );
    this.reportsError = reportsError;
    this.empty =
      content === null ||
      content === undefined ||
      content === "" ||
      (typeof content === "object" && Object.keys(content).length === 0);
    const id = (content as { id?: unknown } | null | undefined)?.id;
    this.recordId = typeof id === "string" ? id : undefined;
  }
}
