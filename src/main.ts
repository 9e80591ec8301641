import { randomBytes } from "node:crypto";
import { fileAudit, loggerAudit } from "./audit/audit.js";
import { apiUrlHint } from "./config/checks.js";
import { type Config, ConfigError, HELP, loadConfig } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { DualEraTransport } from "./revision/dual-era-transport.js";
import { createRuntime, type RuntimeConfig } from "./runtime.js";
import { redactUrl, SecretRegistry } from "./secrets.js";
import { createServer, type ServerDeps } from "./server.js";
import { type Closer, onShutdown, stdinIsHeld } from "./shutdown.js";
import { StdioTransport } from "./stdio-transport.js";
import { VERSION } from "./version.js";

/**
 * How long answers to calls still running may take once stdin closes (or on SIGTERM); with the
 * closers' budget a stop stays inside two seconds. Calls still running then are answered as cut.
 */
export const STDIO_SETTLE_MS = 1_000;
const STDIO_CLOSE_BUDGET_MS = 500;

/** The answer to a call the stop cut off: it may have reached bookingtime. */
export const CUT_AT_STOP =
  "bookingtime-mcp is stopping: this call was still waiting on bookingtime when it was cut off, so whether it took effect is unknown.\n" +
  "What to do: before repeating a change, check with list_appointments or get_appointment (get_customer or find_customers for customers); repeating book_appointment is safe, it never books twice.";

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`bookingtime-mcp: configuration error\n${error.message}\n`);
    process.exit(2);
  }
  // --help and --version are asked for by a person at a terminal, not by an MCP client.
  if (config.mode === "help") return void process.stdout.write(HELP);
  if (config.mode === "version") return void process.stdout.write(`${VERSION}\n`);

  // The process's one registry of live secrets: every log line is scrubbed with it.
  const secrets = new SecretRegistry();
  const logger = createLogger(config.logLevel, secrets);
  process.on("uncaughtException", (error) => {
    logger.fatal({ err: error }, "uncaught exception");
    process.exit(1);
  });
  if (config.mode === "sandbox-only") return runSandboxOnly(config, logger);
  if (config.mode === "doctor" && config.doctor) {
    // A report for a person at a terminal, like --help: on stdout; logs stay on stderr.
    const { runDoctor } = await import("./doctor/run.js");
    const { statusLine } = await import("./doctor/status-line.js");
    const status = statusLine(process.stderr);
    const code = await runDoctor(
      { ...config, ...config.doctor },
      logger,
      secrets,
      (line) => {
        status.clear();
        process.stdout.write(`${line}\n`);
      },
      status.show,
    );
    logger.flush();
    process.exit(code);
  }
  const hint = apiUrlHint(config.apiUrl);
  if (hint) logger.warn(hint);

  const closers: Closer[] = [];
  const upstream = config.sandbox ? await startEmbeddedSandbox(config, logger, closers) : config;
  const runtime = createRuntime(upstream, logger, secrets);
  closers.unshift(() => runtime.close());
  const audit = config.auditFile
    ? fileAudit(config.auditFile, secrets)
    : loggerAudit(logger, secrets);
  closers.push(async () => audit.close());
  const deps: ServerDeps = {
    audit,
    client: runtime.client,
    api: runtime.api,
    bookings: runtime.bookings,
    lookups: runtime.lookups,
    appId: upstream.appId,
    writes: runtime.writes,
    defaultOrganizationId: upstream.organizationId,
    logger,
    secrets,
    tools: { readOnly: config.readOnly, toolsets: config.toolsets },
    allowedOrganizations: config.allowedOrganizations,
    requireHumanConfirmation: config.requireHumanConfirmation,
  };
  if (config.http) {
    // Loaded only in remote mode, so stdio start-up does not pay for node:http and the transport.
    const { serveHttp, stopServing, DRAIN_GRACE_MS } = await import("./http/serve.js");
    const http = await serveHttp(config.http, deps, runtime.tokens, upstream.timeoutMs, logger);
    closers.unshift(() => stopServing(http, runtime, logger));
    return onShutdown(logger, closers, {
      watchStdin: stdinIsHeld(),
      closeBudgetMs: DRAIN_GRACE_MS + 3_000,
    });
  }
  const server = createServer(deps);
  closers.unshift(() => server.close());

  const transport = new StdioTransport();
  // Handshake-era clients and 2026-07-28 ones (server/discover, per-request _meta) alike.
  await server.connect(new DualEraTransport(transport, () => createServer(deps)));
  logger.info(
    {
      version: VERSION,
      sandbox: config.sandbox,
      organizationId: upstream.organizationId,
      apiUrl: redactUrl(upstream.apiUrl, secrets),
    },
    "bookingtime-mcp ready on stdio",
  );
  onShutdown(logger, closers, {
    watchStdin: true,
    settle: async () => {
      if (transport.pending > 0)
        logger.info({ calls: transport.pending }, "finishing calls in flight");
      await transport.settled(STDIO_SETTLE_MS);
      if (transport.pending === 0) return;
      const cut = await transport.answerPending(CUT_AT_STOP);
      const writes = runtime.writes.auditCut();
      logger.warn({ calls: cut, writes }, "calls still running at the deadline were cut");
      // Their upstream calls would keep the pool's close() waiting until the forced exit.
      await runtime.destroy();
    },
    closeBudgetMs: STDIO_CLOSE_BUDGET_MS,
  });
}

/** The emulator in-process, with one-off credentials; tools default to the ACME organization. */
async function startEmbeddedSandbox(
  config: Config,
  logger: Logger,
  closers: Closer[],
): Promise<RuntimeConfig & { organizationId: string | undefined; appId?: string | undefined }> {
  const { Sandbox, SANDBOX_DEFAULT_CLIENT, SANDBOX_ORGANIZATIONS } = await import(
    "../packages/bookingtime-emulator/src/index.js"
  );
  const clientId = `sandbox-${randomBytes(6).toString("hex")}`;
  const clientSecret = randomBytes(24).toString("base64url");
  // The demo app's access (ACME, its locations, Globex; not Initech) under one-off credentials.
  const { organizations, appId, appOrganizations } = SANDBOX_DEFAULT_CLIENT;
  const sandbox = await Sandbox.start({
    clients: [{ clientId, clientSecret, organizations, appId, appOrganizations }],
    shapes: config.emulatorShapes,
  });
  closers.push(() => sandbox.close());
  logger.warn(
    { apiUrl: sandbox.apiUrl, organizations: SANDBOX_ORGANIZATIONS },
    "SANDBOX MODE: tools talk to the embedded bookingtime emulator with demo data, not to bookingtime",
  );
  return {
    ...config,
    apiUrl: sandbox.apiUrl,
    authUrl: sandbox.authUrl,
    clientId,
    clientSecret,
    organizationId: config.organizationId ?? SANDBOX_ORGANIZATIONS.acme,
    // The demo app's id unless another is set, so list_organizations shows the app's list.
    appId: config.appId ?? appId,
  };
}

async function runSandboxOnly(config: Config, logger: Logger): Promise<void> {
  const { runStandaloneSandbox } = await import("../packages/bookingtime-emulator/src/index.js");
  const sandbox = await runStandaloneSandbox({
    port: config.sandboxPort,
    shapes: config.emulatorShapes,
    // The banner is for the person who started it: plain lines, still on stderr.
    log: (line: string) => process.stderr.write(`${line}\n`),
  });
  onShutdown(logger, [() => sandbox.close()], { watchStdin: false });
}

export function start(): void {
  main().catch((error: unknown) => {
    // Some settings can only be found wrong at start (an unwritable token file): same exit as a bad flag.
    if (error instanceof ConfigError) {
      process.stderr.write(`bookingtime-mcp: configuration error\n${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `bookingtime-mcp: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
