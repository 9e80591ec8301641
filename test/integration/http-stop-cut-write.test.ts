import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sandbox } from "../../packages/bookingtime-emulator/src/index.js";
import type { AuditLog, AuditRecord } from "../../src/audit/audit.js";
import { stopServing } from "../../src/http/serve.js";
import { createLogger } from "../../src/logger.js";
import { SecretRegistry } from "../../src/secrets.js";
import { until } from "../helpers/binary.js";
import {
  type HttpHarness,
  newToken,
  RPC_HEADERS,
  startHttpHarness,
  toolCallBody,
} from "../helpers/http-harness.js";

describe("remote mode: a write cut at the drain deadline", () => {
  const token = newToken();
  const records: AuditRecord[] = [];
  const audit: AuditLog = { write: (r) => void records.push(r), close: () => undefined };
  let sandbox: Sandbox;
  let h: HttpHarness;
  beforeAll(async () => {
    sandbox = await Sandbox.start();
    h = await startHttpHarness(sandbox, { tokens: [token], audit, upstreamTimeoutMs: 30_000 });
  });
  afterAll(async () => {
    await h.close();
    await sandbox.close();
  });

  it("gets one audit line with outcome unknown, and none more when its call ends later", async () => {
    sandbox.loseAnswerNext({ how: "hang", match: { pathIncludes: "customer/add" } });
    const call = h
      .raw("/mcp", {
        headers: { ...RPC_HEADERS, authorization: `Bearer ${token}` },
        body: toolCallBody("add_customer", { firstName: "Cut", lastName: "Off" }),
      })
      .catch((error: unknown) => error);
    await until(
      () => sandbox.requests.some((r) => r.method === "POST" && r.path.endsWith("customer/add")),
      "the add to reach bookingtime",
    );
    // The documented drain, shortened: the hung write is still running at its end.
    const cut = await stopServing(
      h.http,
      h.runtime,
      createLogger("silent", new SecretRegistry()),
      50,
    );
    expect(cut).toBe(1);
    expect(records).toMatchObject([
      { tool: "add_customer", outcome: "unknown", reason: "cut_at_shutdown" },
    ]);
    // Its upstream call was aborted: the tool ends now (its log line), without a second audit line.
    await call;
    await until(
      () => h.logs.entries().some((e) => e.msg === "tool call" && e.tool === "add_customer"),
      "the cut call to end",
    );
    expect(records).toHaveLength(1);
  });
});
