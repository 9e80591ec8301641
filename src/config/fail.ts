import { ConfigError } from "../settings/types.js";

/** Stops the parse with a message that names the flag or variable and says what to set. */
export function fail(message: string): never {
  throw new ConfigError(message);
}
