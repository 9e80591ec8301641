import { parseArgs } from "node:util";
import { fail } from "./fail.js";

/** The command line, strictly: an unknown flag stops the server with a pointer to --help. */
export function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        sandbox: { type: "boolean" },
        "read-only": { type: "boolean" },
        toolsets: { type: "string" },
        "log-level": { type: "string" },
        port: { type: "string" },
        http: { type: "boolean" },
        host: { type: "string" },
        "insecure-no-auth": { type: "boolean" },
        record: { type: "string" },
        "emulator-shapes": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    // Node's own text for an unknown flag talks about positional arguments after `--`.
    const flag = /'(-[^']*)'/.exec((error as Error).message)?.[1];
    const what =
      (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag
        ? `Unknown option '${flag.slice(0, 40)}'`
        : (error as Error).message;
    return fail(`${what}. Run bookingtime-mcp --help for the flags.`);
  }
}

export type Flags = ReturnType<typeof parseFlags>["values"];
