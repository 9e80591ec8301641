export { SLOT_TTL_MS } from "./booking-store.js";
export type { FaultMatch } from "./faults.js";
export {
  SANDBOX_BOOKING,
  SANDBOX_DEFAULT_CLIENT,
  SANDBOX_ORGANIZATIONS,
  type SandboxClient,
} from "./fixtures.js";
export type { RecordedRequest } from "./http.js";
export { Sandbox, type SandboxOptions } from "./sandbox.js";
export type { IdentifyMiss, Shapes } from "./shapes.js";
export { runStandaloneSandbox } from "./standalone.js";
