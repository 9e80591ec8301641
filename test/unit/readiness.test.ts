import { describe, expect, it } from "vitest";
import type { GrantState } from "../../src/auth/token-service.js";
import {
  GRANT_RETRY_MAX_MS,
  GRANT_RETRY_MS,
  type Readiness,
  ReadinessProbe,
} from "../../src/http/readiness.js";
import { createLogger } from "../../src/logger.js";
import { SecretRegistry } from "../../src/secrets.js";
import { LogCapture } from "../helpers/log-capture.js";

/** A token service whose grant fails until told otherwise, counting attempts. */
class FakeGrant implements Readiness {
  attempts = 0;
  succeed = false;
  grantState: GrantState = "none";
  async ensureGrant(): Promise<void> {
    this.attempts++;
    if (!this.succeed) throw new Error("invalid_client");
    this.grantState = "granted";
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("ReadinessProbe", () => {
  it("tries the grant at most once per interval, backing off after failures, warning once", async () => {
    const grant = new FakeGrant();
    const logs = new LogCapture();
    let now = 1_000_000;
    const probe = new ReadinessProbe(
      grant,
      createLogger("debug", new SecretRegistry(), logs),
      () => now,
    );

    for (let i = 0; i < 50; i++) probe.poke();
    await settle();
    expect(grant.attempts).toBe(1);
    for (let i = 0; i < 50; i++) probe.poke();
    await settle();
    expect(grant.attempts).toBe(1);

    now += GRANT_RETRY_MS;
    probe.poke();
    await settle();
    expect(grant.attempts).toBe(2);
    // Second failure: the wait doubles.
    now += GRANT_RETRY_MS;
    probe.poke();
    await settle();
    expect(grant.attempts).toBe(2);
    now += GRANT_RETRY_MS;
    probe.poke();
    await settle();
    expect(grant.attempts).toBe(3);

    // The wait never exceeds the cap, however long the streak.
    for (let i = 0; i < 10; i++) {
      now += GRANT_RETRY_MAX_MS;
      probe.poke();
      await settle();
    }
    expect(grant.attempts).toBe(13);
    expect(logs.entries().filter((e) => e.level === 40)).toHaveLength(1);

    grant.succeed = true;
    now += GRANT_RETRY_MAX_MS;
    probe.poke();
    await settle();
    expect(probe.ready).toBe(true);
    probe.poke();
    await settle();
    expect(grant.attempts).toBe(14);
    expect(logs.text).toContain("succeeded again");
  });
});
