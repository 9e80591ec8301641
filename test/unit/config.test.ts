import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, HELP, loadConfig } from "../../src/config.js";

const ENV = { BOOKINGTIME_CLIENT_ID: "client-123" } as const;
const ORG = "f6123456789101112131415aBCdeFgHi";

/** Runs loadConfig expecting a ConfigError and returns its message. */
function configError(argv: readonly string[], env: Record<string, string | undefined>): string {
  try {
    loadConfig(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`loadConfig(${JSON.stringify(argv)}) did not throw`);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("loadConfig defaults", () => {
  it("fills every documented default when only the client id is set", () => {
    const config = loadConfig([], ENV);
    expect(config).toStrictEqual({
      mode: "serve",
      sandbox: false,
      sandboxPort: 4010,
      emulatorShapes: "default",
      clientId: "client-123",
      clientSecret: "",
      organizationId: undefined,
      apiUrl: "https://api.bookingtime.com/app/v3",
      authUrl: "https://auth.bookingtime.com/oauth/token",
      locale: "en",
      timeoutMs: 15000,
      logLevel: "info",
      readOnly: false,
      requireHumanConfirmation: false,
      allowedOrganizations: undefined,
      toolsets: undefined,
      http: undefined,
    });
  });

  it("takes every variable from the environment", () => {
    const config = loadConfig([], {
      BOOKINGTIME_CLIENT_ID: "client-123",
      BOOKINGTIME_CLIENT_SECRET: "s3cr3t",
      BOOKINGTIME_ORGANIZATION_ID: ORG,
      BOOKINGTIME_API_URL: "http://127.0.0.1:4010/app/v3",
      BOOKINGTIME_AUTH_URL: "http://127.0.0.1:4010/oauth/token",
      BOOKINGTIME_LOCALE: "de",
      BOOKINGTIME_TIMEOUT_MS: "2500",
      LOG_LEVEL: "debug",
    });
    expect(config).toMatchObject({
      clientId: "client-123",
      clientSecret: "s3cr3t",
      organizationId: ORG,
      apiUrl: "http://127.0.0.1:4010/app/v3",
      authUrl: "http://127.0.0.1:4010/oauth/token",
      locale: "de",
      timeoutMs: 2500,
      logLevel: "debug",
    });
  });

  it("treats an empty organization id as unset", () => {
    expect(loadConfig([], { ...ENV, BOOKINGTIME_ORGANIZATION_ID: "" }).organizationId).toBe(
      undefined,
    );
  });

  it("treats every empty variable as unset, so its default applies", () => {
    const config = loadConfig([], {
      ...ENV,
      BOOKINGTIME_TIMEOUT_MS: "",
      BOOKINGTIME_API_URL: "",
      BOOKINGTIME_LOCALE: "",
      LOG_LEVEL: "",
    });
    expect(config.timeoutMs).toBe(15_000);
    expect(config.apiUrl).toBe("https://api.bookingtime.com/app/v3");
    expect(config.locale).toBe("en");
    expect(config.logLevel).toBe("info");
  });

  it("strips trailing slashes from both URLs", () => {
    const config = loadConfig([], {
      ...ENV,
      BOOKINGTIME_API_URL: "https://api.example.test/app/v3/",
      BOOKINGTIME_AUTH_URL: "https://auth.example.test/oauth/token//",
    });
    expect(config.apiUrl).toBe("https://api.example.test/app/v3");
    expect(config.authUrl).toBe("https://auth.example.test/oauth/token");
  });

  it("returns a frozen object", () => {
    const config = loadConfig([], ENV);
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { locale: string }).locale = "de";
    }).toThrow(TypeError);
  });
});

describe("client id", () => {
  it("is required without --sandbox, and the message names it and mentions --sandbox", () => {
    const message = configError([], {});
    expect(message).toContain("BOOKINGTIME_CLIENT_ID");
    expect(message).toContain("--sandbox");
  });

  it("counts a blank client id as missing", () => {
    expect(configError([], { BOOKINGTIME_CLIENT_ID: "   " })).toContain("BOOKINGTIME_CLIENT_ID");
  });

  it("is not needed with --sandbox", () => {
    const config = loadConfig(["--sandbox"], {});
    expect(config.mode).toBe("serve");
    expect(config.sandbox).toBe(true);
    expect(config.clientId).toBe("");
  });

  it("prints nothing to stdout when configuration fails", () => {
    const stdout = vi.spyOn(process.stdout, "write");
    const log = vi.spyOn(console, "log");
    configError([], {});
    expect(stdout).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });
});

describe("malformed variables", () => {
  const cases: Array<[variable: string, value: string]> = [
    ["BOOKINGTIME_ORGANIZATION_ID", "f6tooShort"],
    ["BOOKINGTIME_ORGANIZATION_ID", "d3123456789101112131415aBCdeFgHi"],
    ["BOOKINGTIME_API_URL", "ftp://api.example.test/app/v3"],
    ["BOOKINGTIME_API_URL", "not-a-url"],
    ["BOOKINGTIME_AUTH_URL", "ftp://auth.example.test/oauth/token"],
    ["BOOKINGTIME_AUTH_URL", "not-a-url"],
    ["BOOKINGTIME_TIMEOUT_MS", "abc"],
    ["BOOKINGTIME_TIMEOUT_MS", "10"],
    ["BOOKINGTIME_TIMEOUT_MS", "1.5e2x"],
    ["LOG_LEVEL", "loud"],
    ["BOOKINGTIME_LOCALE", "english"],
    ["BOOKINGTIME_LOCALE", "en/../x"],
    ["BOOKINGTIME_APP_ID", "70/../organization"],
    ["BOOKINGTIME_APP_ID", "my app"],
  ];

  it.each(cases)("%s=%j throws a ConfigError naming the variable", (variable, value) => {
    const message = configError([], { ...ENV, [variable]: value });
    expect(message).toContain(variable);
  });

  it("reads BOOKINGTIME_APP_ID, optional and empty as unset", () => {
    const app = "70SandboxAppSandboxAppSandboxApp";
    expect(loadConfig([], { ...ENV, BOOKINGTIME_APP_ID: ` ${app} ` }).appId).toBe(app);
    expect(loadConfig([], { ...ENV, BOOKINGTIME_APP_ID: "" }).appId).toBeUndefined();
    expect(loadConfig([], ENV).appId).toBeUndefined();
    expect(HELP).toContain("BOOKINGTIME_APP_ID");
  });

  it("says what an organization id looks like", () => {
    const message = configError([], { ...ENV, BOOKINGTIME_ORGANIZATION_ID: "nope" });
    expect(message).toContain("BOOKINGTIME_ORGANIZATION_ID");
    expect(message).toMatch(/f6/);
  });

  it("says what a timeout must be", () => {
    expect(configError([], { ...ENV, BOOKINGTIME_TIMEOUT_MS: "10" })).toMatch(
      /BOOKINGTIME_TIMEOUT_MS.*at least 100/,
    );
    expect(configError([], { ...ENV, BOOKINGTIME_TIMEOUT_MS: "abc" })).toMatch(
      /BOOKINGTIME_TIMEOUT_MS.*milliseconds/,
    );
  });

  it("lists the valid log levels", () => {
    expect(configError([], { ...ENV, LOG_LEVEL: "loud" })).toMatch(/LOG_LEVEL.*debug/);
  });

  const SECRET = "sk_live_9f8e7d6c5b4a3f2e1d0c";
  it.each([
    "BOOKINGTIME_ORGANIZATION_ID",
    "BOOKINGTIME_API_URL",
    "BOOKINGTIME_AUTH_URL",
    "BOOKINGTIME_LOCALE",
    "BOOKINGTIME_TIMEOUT_MS",
    "LOG_LEVEL",
  ])("never echoes a secret pasted into %s", (variable) => {
    const message = configError([], { ...ENV, BOOKINGTIME_CLIENT_SECRET: "x", [variable]: SECRET });
    expect(message).toContain(variable);
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain("9f8e7d6c5b4a");
  });

  it("reports every bad variable at once", () => {
    const message = configError([], {
      ...ENV,
      BOOKINGTIME_LOCALE: "english",
      BOOKINGTIME_TIMEOUT_MS: "abc",
    });
    expect(message).toContain("BOOKINGTIME_LOCALE");
    expect(message).toContain("BOOKINGTIME_TIMEOUT_MS");
  });
});

describe("flags", () => {
  it("--log-level overrides LOG_LEVEL", () => {
    expect(loadConfig(["--log-level", "debug"], { ...ENV, LOG_LEVEL: "error" }).logLevel).toBe(
      "debug",
    );
    expect(loadConfig(["--log-level=warn"], ENV).logLevel).toBe("warn");
  });

  it("an invalid --log-level names --log-level, not LOG_LEVEL", () => {
    const message = configError(["--log-level", "loud"], ENV);
    expect(message).toContain("--log-level");
    expect(message).not.toContain("LOG_LEVEL");
  });

  it("an invalid --log-level wins over a valid LOG_LEVEL", () => {
    expect(configError(["--log-level", "loud"], { ...ENV, LOG_LEVEL: "debug" })).toContain(
      "--log-level",
    );
  });

  it("an unknown flag throws", () => {
    expect(configError(["--bogus"], ENV)).toContain("--bogus");
  });

  it("an unknown positional throws", () => {
    expect(configError(["serve"], ENV)).toContain("serve");
    expect(configError(["sandbox", "extra"], ENV)).toContain("extra");
  });

  it("`sandbox --port 5000` runs the emulator alone on that port, without credentials", () => {
    const config = loadConfig(["sandbox", "--port", "5000"], {});
    expect(config.mode).toBe("sandbox-only");
    expect(config.sandboxPort).toBe(5000);
  });

  it("--emulator-shapes sdk applies with --sandbox and with the sandbox command, and only there", () => {
    expect(loadConfig(["--sandbox", "--emulator-shapes", "sdk"], {}).emulatorShapes).toBe("sdk");
    const standalone = loadConfig(["sandbox", "--port", "0", "--emulator-shapes", "sdk"], {});
    expect(standalone).toMatchObject({
      mode: "sandbox-only",
      sandboxPort: 0,
      emulatorShapes: "sdk",
    });
    expect(loadConfig(["--sandbox"], {}).emulatorShapes).toBe("default");
    expect(configError(["--emulator-shapes", "sdk"], ENV)).toContain("--sandbox");
    expect(configError(["--sandbox", "--emulator-shapes", "php"], {})).toMatch(/default, sdk/);
  });

  it("rejects a port that is not a port number", () => {
    expect(configError(["sandbox", "--port", "99999"], {})).toContain("--port");
    expect(configError(["sandbox", "--port", "abc"], {})).toContain("--port");
  });

  it("--help and --version need no credentials", () => {
    expect(loadConfig(["--help"], {}).mode).toBe("help");
    expect(loadConfig(["-h"], {}).mode).toBe("help");
    expect(loadConfig(["--version"], {}).mode).toBe("version");
    expect(loadConfig(["-v"], {}).mode).toBe("version");
  });

  it("--help and --version work even when the environment is malformed", () => {
    const broken = { BOOKINGTIME_TIMEOUT_MS: "soon", LOG_LEVEL: "loud" };
    expect(loadConfig(["--help"], broken).mode).toBe("help");
    expect(loadConfig(["--version"], broken).mode).toBe("version");
  });

  it("--help wins over --version", () => {
    expect(loadConfig(["--version", "--help"], {}).mode).toBe("help");
  });
});

describe("safety switches", () => {
  it("is read-only with --read-only or BOOKINGTIME_READ_ONLY=true, and not by default", () => {
    expect(loadConfig([], ENV).readOnly).toBe(false);
    expect(loadConfig(["--read-only"], ENV).readOnly).toBe(true);
    expect(loadConfig([], { ...ENV, BOOKINGTIME_READ_ONLY: "true" }).readOnly).toBe(true);
    expect(loadConfig([], { ...ENV, BOOKINGTIME_READ_ONLY: "false" }).readOnly).toBe(false);
    expect(loadConfig(["--read-only"], { ...ENV, BOOKINGTIME_READ_ONLY: "false" }).readOnly).toBe(
      true,
    );
  });

  it.each([
    ["TRUE", true],
    ["True", true],
    ["1", true],
    [" true ", true],
    ["FALSE", false],
    ["False", false],
    ["0", false],
  ])("reads BOOKINGTIME_READ_ONLY=%j case-insensitively as %s", (value, readOnly) => {
    expect(loadConfig([], { ...ENV, BOOKINGTIME_READ_ONLY: value }).readOnly).toBe(readOnly);
  });

  it("--help says BOOKINGTIME_READ_ONLY takes true/false/1/0 in any case", () => {
    expect(HELP).toMatch(/BOOKINGTIME_READ_ONLY .*true, false, 1, 0, any case/);
  });

  it("refuses a BOOKINGTIME_READ_ONLY that is not a boolean, naming the variable", () => {
    expect(() => loadConfig([], { ...ENV, BOOKINGTIME_READ_ONLY: "yes" })).toThrow(
      /BOOKINGTIME_READ_ONLY must be true, false, 1 or 0/,
    );
  });

  it("turns the sandbox on with BOOKINGTIME_SANDBOX=true (the .mcpb switch), then needs no client id", () => {
    expect(loadConfig([], { BOOKINGTIME_SANDBOX: "TRUE" }).sandbox).toBe(true);
    expect(loadConfig([], { BOOKINGTIME_SANDBOX: "1" }).sandbox).toBe(true);
    // A switch left off, or a launcher substituting an empty value, keeps the real API.
    expect(loadConfig([], { ...ENV, BOOKINGTIME_SANDBOX: "false" }).sandbox).toBe(false);
    expect(loadConfig([], { ...ENV, BOOKINGTIME_SANDBOX: "" }).sandbox).toBe(false);
    expect(configError([], { BOOKINGTIME_SANDBOX: "false" })).toMatch(/BOOKINGTIME_CLIENT_ID/);
    expect(configError([], { BOOKINGTIME_SANDBOX: "on" })).toMatch(
      /BOOKINGTIME_SANDBOX must be true, false, 1 or 0/,
    );
  });

  it("takes a comma list of toolsets, trimmed, deduplicated, the flag over the variable", () => {
    expect(loadConfig([], ENV).toolsets).toBeUndefined();
    expect(
      loadConfig([], { ...ENV, BOOKINGTIME_TOOLSETS: " customers, Organization,customers" })
        .toolsets,
    ).toEqual(["customers", "organization"]);
    expect(
      loadConfig(["--toolsets", "services"], { ...ENV, BOOKINGTIME_TOOLSETS: "customers" })
        .toolsets,
    ).toEqual(["services"]);
  });

  it("stops on an unknown toolset with a ConfigError listing the valid ones", () => {
    const attempt = () => loadConfig(["--toolsets", "customers,billing"], ENV);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      "--toolsets: unknown toolset 'billing'. Valid toolsets: organization, customers, appointments, services.",
    );
    expect(() => loadConfig([], { ...ENV, BOOKINGTIME_TOOLSETS: "," })).toThrow(
      /BOOKINGTIME_TOOLSETS names no toolset/,
    );
  });

  it("documents both switches in --help", () => {
    for (const text of [
      "--read-only",
      "--toolsets",
      "BOOKINGTIME_READ_ONLY",
      "BOOKINGTIME_TOOLSETS",
    ]) {
      expect(HELP).toContain(text);
    }
  });
});

describe("organization allow-list and human confirmation", () => {
  const A = `f6${"a".repeat(30)}`;
  const B = `f6${"b".repeat(30)}`;

  it("BOOKINGTIME_ALLOWED_ORGANIZATIONS is read as a list of organization ids", () => {
    const config = loadConfig([], { ...ENV, BOOKINGTIME_ALLOWED_ORGANIZATIONS: ` ${A}, ${B},` });
    expect(config.allowedOrganizations).toEqual([A, B]);
  });

  it("refuses a malformed BOOKINGTIME_ALLOWED_ORGANIZATIONS without echoing it", () => {
    expect(() =>
      loadConfig([], { ...ENV, BOOKINGTIME_ALLOWED_ORGANIZATIONS: "secret-ish" }),
    ).toThrow(
      /BOOKINGTIME_ALLOWED_ORGANIZATIONS must be a comma-separated list of organization ids/,
    );
    expect(() =>
      loadConfig([], { ...ENV, BOOKINGTIME_ALLOWED_ORGANIZATIONS: "secret-ish" }),
    ).not.toThrow(/secret-ish/);
  });

  it("refuses a default organization outside the allowed list", () => {
    expect(() =>
      loadConfig([], {
        ...ENV,
        BOOKINGTIME_ALLOWED_ORGANIZATIONS: A,
        BOOKINGTIME_ORGANIZATION_ID: B,
      }),
    ).toThrow(/BOOKINGTIME_ORGANIZATION_ID is not in BOOKINGTIME_ALLOWED_ORGANIZATIONS/);
    expect(
      loadConfig([], {
        ...ENV,
        BOOKINGTIME_ALLOWED_ORGANIZATIONS: A,
        BOOKINGTIME_ORGANIZATION_ID: A,
      }).organizationId,
    ).toBe(A);
  });

  it("BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION is a boolean switch", () => {
    expect(
      loadConfig([], { ...ENV, BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION: "TRUE" })
        .requireHumanConfirmation,
    ).toBe(true);
    expect(
      loadConfig([], { ...ENV, BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION: "0" })
        .requireHumanConfirmation,
    ).toBe(false);
    expect(() => loadConfig([], { ...ENV, BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION: "yes" })).toThrow(
      /BOOKINGTIME_REQUIRE_HUMAN_CONFIRMATION must be true, false, 1 or 0/,
    );
  });
});
