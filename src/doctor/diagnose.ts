import { envelopeSchema } from "../bookingtime/envelope.js";
import { BookingtimeError, UpstreamUnavailableError } from "../bookingtime/errors.js";
import { scrub } from "../bookingtime/scrub.js";
import { advice } from "../error-text.js";
import { messagesOf, parseJson } from "./messages.js";
import { DoctorProblem, type Step } from "./steps.js";
import type { TappedExchange } from "./tap.js";

export interface Diagnosis {
  /** What happened: status, bookingtime's messages, or the field that did not fit. */
  what: string;
  /** What the person should check. */
  check: string;
}

const API = "BOOKINGTIME_API_URL (normally https://api.bookingtime.com/app/v3)";
const AUTH = "BOOKINGTIME_AUTH_URL (normally https://auth.bookingtime.com/oauth/token)";

/** Explains a failed step from its error and the last answer bookingtime gave during it. */
export function diagnose(
  step: Step,
  error: unknown,
  answers: readonly TappedExchange[],
  ctx: { organizationId: string; secrets: readonly string[] },
): Diagnosis {
  if (error instanceof DoctorProblem) return { what: error.message, check: error.check };
  // A conclusion drawn from answers that all arrived fine (no time zone named anywhere): no
  // HTTP status is to blame, least of all that of another request.
  if (
    error instanceof BookingtimeError &&
    !(error instanceof UpstreamUnavailableError) &&
    error.status === undefined &&
    answers.every((a) => a.status >= 200 && a.status < 300)
  ) {
    return {
      what: `${scrub(error.message, ctx.secrets)} (worked out from bookingtime's answers; every request of this step succeeded)`,
      check:
        error.hint ??
        (error.code === "time_zone_missing" ? advice(error) : undefined) ??
        shapeCheck(step),
    };
  }
  const last = answers.at(-1);
  if (!last || last.status === 0) {
    const why =
      error instanceof BookingtimeError ? error.message : "the request failed before an answer";
    return {
      what: `no answer: ${scrub(why, ctx.secrets)}`,
      check: `the network, and ${step.endpoint === "auth" ? AUTH : API}`,
    };
  }
  const said = messagesOf(last, ctx.secrets);
  const quoted =
    said.length > 0 ? `; bookingtime says: ${said.map((t) => `"${t}"`).join(", ")}` : "";
  const head = `HTTP ${last.status}${quoted}`;
  if (last.status >= 200 && last.status < 300) {
    return {
      what: `${head}; ${shapeProblem(step, last, error, ctx.secrets)}`,
      check: shapeCheck(step),
    };
  }
  return { what: head, check: checkFor(step, last.status, ctx.organizationId) };
}

/** Which field of a 2xx answer did not fit, by the zod issue path; or why else the step failed. */
function shapeProblem(
  step: Step,
  ex: TappedExchange,
  error: unknown,
  secrets: readonly string[],
): string {
  const json = parseJson(ex.body);
  if (json === undefined) return "the body is not JSON";
  let path: (string | number)[] = [];
  let target: unknown = json;
  if (step.endpoint === "api") {
    // Like the client: a bare record counts as the content of an envelope.
    const bare =
      typeof json === "object" && json !== null && !("content" in json) && !("messageList" in json);
    const envelope = envelopeSchema.safeParse(bare ? { content: json } : json);
    if (!envelope.success)
      return `unexpected shape at ${fieldPath(envelope.error.issues[0]?.path)}`;
    target = envelope.data.content;
    path = bare ? [] : ["content"];
  }
  const parsed = step.shape.safeParse(target);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = fieldPath([...path, ...(issue?.path ?? [])] as (string | number)[]);
    return `unexpected shape at ${at}${issue ? ` (${issue.message})` : ""}`;
  }
  // The answer fits the shape; the product needed more of it (the organization's time zone).
  return error instanceof BookingtimeError
    ? scrub(error.message, secrets)
    : "the answer could not be used";
}

/** `content.recordList[2].duration`, as a person finds it in the recorded file. */
export function fieldPath(path: readonly PropertyKey[] | undefined): string {
  if (!path || path.length === 0) return "(the whole answer)";
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
}

function shapeCheck(step: Step): string {
  const url = step.endpoint === "auth" ? AUTH : API;
  return `${url}; if it is right, bookingtime answers in a shape this version does not read: run doctor --record DIR and send the files to the maintainers`;
}

function checkFor(step: Step, status: number, organizationId: string): string {
  const url = step.endpoint === "auth" ? AUTH : API;
  if (status === 429)
    return "nothing: bookingtime is rate limiting this app; wait a minute and run doctor again";
  if (status >= 500) {
    return "nothing on your side: bookingtime failed; run doctor again later, and if it stays, send the --record files to bookingtime";
  }
  if (step.name === "grant") {
    if (status === 400 || status === 401 || status === 403) {
      return "BOOKINGTIME_CLIENT_ID and BOOKINGTIME_CLIENT_SECRET: the app's credentials from the bookingtime developer service (copy them again; no spaces)";
    }
    return url;
  }
  if (step.name === "exchange") {
    if (status === 403) {
      return `this app is not installed in (not permitted for) organization ${organizationId}. Check BOOKINGTIME_ORGANIZATION_ID, or ask bookingtime to connect the app to that organization`;
    }
    if (status === 400 || status === 401) {
      return `BOOKINGTIME_ORGANIZATION_ID (${organizationId}), and that the app may access that organization: bookingtime refused a fresh refresh token for it`;
    }
    return url;
  }
  if (status === 401) {
    return "that the app is still active and may access this organization: bookingtime refused a fresh access token";
  }
  if (status === 403) {
    return `the app's permissions: it may not use ${step.file} in organization ${organizationId}; ask bookingtime to grant it`;
  }
  if (status === 404) {
    return step.name === "organization"
      ? `BOOKINGTIME_ORGANIZATION_ID (${organizationId}) and ${API}`
      : API;
  }
  return `${url}; bookingtime refused a plain read, so this version may call it wrongly: send the --record files to the maintainers`;
}
