import { describe, expect, it } from "vitest";
import { ConfigError, HELP, loadConfig } from "../../src/config.js";

const ORG = "f6123456789101112131415aBCdeFgHi";
const ENV = { BOOKINGTIME_CLIENT_ID: "client-123", BOOKINGTIME_ORGANIZATION_ID: ORG };

function configError(argv: readonly string[], env: Record<string, string | undefined>): string {
  try {
    loadConfig(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`loadConfig(${JSON.stringify(argv)}) did not throw`);
}

describe("doctor command configuration", () => {
  it("is a mode of its own with the organization to check and the record directory", () => {
    const config = loadConfig(["doctor", "--record", "out/fixtures"], ENV);
    expect(config.mode).toBe("doctor");
    expect(config.doctor).toEqual({ organizationId: ORG, recordDir: "out/fixtures" });
    expect(loadConfig(["doctor"], ENV).doctor).toEqual({
      organizationId: ORG,
      recordDir: undefined,
    });
  });

  it("keeps routine logs off the person's terminal unless a level is asked for", () => {
    expect(loadConfig(["doctor"], ENV).logLevel).toBe("error");
    expect(loadConfig(["doctor"], { ...ENV, LOG_LEVEL: "debug" }).logLevel).toBe("debug");
    expect(loadConfig(["doctor", "--log-level", "info"], ENV).logLevel).toBe("info");
  });

  it("says clearly that the organization is required", () => {
    const message = configError(["doctor"], { BOOKINGTIME_CLIENT_ID: "client-123" });
    expect(message).toContain("BOOKINGTIME_ORGANIZATION_ID is not set");
    expect(configError(["doctor"], { BOOKINGTIME_ORGANIZATION_ID: ORG })).toContain(
      "BOOKINGTIME_CLIENT_ID is not set",
    );
  });

  it("refuses flags that do not apply, and --record outside doctor", () => {
    expect(configError(["doctor", "--sandbox"], ENV)).toContain("not --sandbox");
    expect(configError(["doctor", "--http"], ENV)).toContain("not --http");
    expect(configError(["doctor", "--record", " "], ENV)).toContain("--record needs a directory");
    expect(configError(["--record", "x"], ENV)).toContain("only applies to the doctor command");
    expect(configError(["doctor", "extra"], ENV)).toContain("Unknown argument");
  });

  it("is described in --help", () => {
    expect(HELP).toContain("bookingtime-mcp doctor [--record DIR]");
  });
});
