import { LOG_LEVELS } from "../settings/types.js";
import { TOOLSETS } from "../toolsets.js";

/** The --help text: every flag and variable, in the order a user meets them. */
export const HELP = `bookingtime-mcp: an MCP server for the bookingtime appointment API.

Usage:
  bookingtime-mcp [--sandbox] [--read-only] [--toolsets LIST] [--log-level LEVEL]
                                                    serve MCP over stdin/stdout
  bookingtime-mcp --http [--port N] [--host H] [--insecure-no-auth] [--sandbox] [...]
                                                    serve MCP Streamable HTTP at POST /mcp
  bookingtime-mcp sandbox [--port N] [--emulator-shapes sdk]
                                                    run only the bookingtime emulator
  bookingtime-mcp doctor [--record DIR]             check the credentials and every read a booking
                                                    needs, one line per step; --record saves the
                                                    answers (tokens removed, personal data masked)
  bookingtime-mcp --help | --version

Flags:
  --sandbox          use the embedded bookingtime emulator with demo data (no credentials needed)
  --read-only        offer no tool that changes data (overrides BOOKINGTIME_READ_ONLY)
  --toolsets LIST    only these tool groups, comma-separated: ${TOOLSETS.join(", ")}
                     (overrides BOOKINGTIME_TOOLSETS)
  --log-level LEVEL  ${LOG_LEVELS.join(" | ")} (overrides LOG_LEVEL)
  --http             remote mode: stateless MCP over HTTP, bearer tokens, /healthz and /readyz
  --port N           with --http: listen port (overrides PORT, default 3000);
                     with sandbox: port of the standalone emulator (default 4010)
  --host H           with --http: bind address (overrides HOST, default 127.0.0.1)
  --insecure-no-auth with --http on a loopback address only, and not with BOOKINGTIME_MCP_TOKENS:
                     accept requests without a token
  --emulator-shapes S
                     with --sandbox or sandbox: default | sdk (sdk: the emulator answers in the
                     shapes of bookingtime's SDK mocks: DateTime objects, 400 for client errors)

Environment:
  BOOKINGTIME_CLIENT_ID        app client id (required unless --sandbox)
  BOOKINGTIME_CLIENT_SECRET    app client secret (may be empty for module-style apps)
  BOOKINGTIME_ORGANIZATION_ID  organization used when a tool call names none (required by doctor)
  BOOKINGTIME_APP_ID           app id: list_organizations and completions offer the organizations
                               the app is installed in (default: the configured ones)
  BOOKINGTIME_API_URL          default https://api.bookingtime.com/app/v3
  BOOKINGTIME_AUTH_URL         default https://auth.bookingtime.com/oauth/token
  BOOKINGTIME_LOCALE           language of API messages, default en
  BOOKINGTIME_TIMEOUT_MS       per-request timeout, default 15000
  BOOKINGTIME_READ_ONLY        true/1: write tools are not offered (true, false, 1, 0, any case), default false
  BOOKINGTIME_SANDBOX          true/1: the same as --sandbox, default false
  BOOKINGTIME_TOOLSETS         comma list of ${TOOLSETS.join(", ")}; default all
  BOOKINGTIME_ALLOWED_ORGANIZATIONS
                               comma list of organization ids; any other is refused before any request
  BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION
                               true/1: move, cancel and update act only after a person confirms in the
                               client (elicitation); confirm: true from the model is not enough
  LOG_LEVEL                    default info; logs go to stderr only

Remote mode (--http) only:
  PORT, HOST                       listen port and bind address (see --port, --host)
  BOOKINGTIME_MCP_TOKENS           accepted bearer tokens, comma-separated (rotation); when unset a
                                   token is generated and written to BOOKINGTIME_MCP_TOKEN_FILE
  BOOKINGTIME_MCP_TOKEN_FILE       default $XDG_STATE_HOME/bookingtime-mcp/mcp-token
                                   (~/.local/state/bookingtime-mcp/mcp-token)
  BOOKINGTIME_MCP_ALLOWED_HOSTS    Host header values accepted besides the loopback bind address;
                                   required for a non-loopback --host (mcp.example.com)
  BOOKINGTIME_MCP_ALLOWED_ORIGINS  browser origins allowed to call /mcp (https://app.example.com)
  BOOKINGTIME_MCP_MAX_CONNECTIONS  open connections at most, default 1000
  BOOKINGTIME_MCP_MAX_REQUESTS     /mcp requests answered at once at most (more get 503), default 256
  BOOKINGTIME_MCP_OAUTH_ISSUER     OAuth: your identity provider's issuer URL; /mcp then accepts its
                                   access tokens (scopes bookingtime:read, :write, :cancel)
  BOOKINGTIME_MCP_RESOURCE_URL     OAuth: this server's public /mcp URL, the audience of the tokens
  BOOKINGTIME_MCP_POLICY_FILE      JSON file: organizations, readOnly, toolsets per subject, group
                                   or token name (name:token in BOOKINGTIME_MCP_TOKENS)

Both modes:
  BOOKINGTIME_MCP_AUDIT_FILE       every write attempt as a JSON line (append-only, mode 0600);
                                   default: the log on stderr
`;
