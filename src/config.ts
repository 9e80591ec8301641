// The configuration, parsed once at the entry; the parts live in src/config/, one job per file.

export { HELP } from "./config/help.js";
export { loadConfig } from "./config/load.js";
export { parseToolsets } from "./config/toolsets.js";
export { isLoopback } from "./settings/loopback.js";
export {
  type Config,
  ConfigError,
  type DoctorConfig,
  type EmulatorShapes,
  type HttpConfig,
  type LogLevel,
} from "./settings/types.js";
export { TOOLSETS, type Toolset } from "./toolsets.js";
