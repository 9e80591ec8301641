import { PassThrough } from "node:stream";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { StdioTransport } from "../../src/stdio-transport.js";

function setup() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const transport = new StdioTransport(stdin, stdout);
  const received: JSONRPCMessage[] = [];
  transport.onmessage = (message) => void received.push(message);
  let out = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  const answers = () =>
    out
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stdin, transport, received, answers };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("stdio transport", () => {
  it("answers a line that is not JSON with a parse error (-32700, id null)", async () => {
    const { stdin, transport, received, answers } = setup();
    await transport.start();
    stdin.write("this is not json\n");
    await tick();
    expect(received).toEqual([]);
    expect(answers()).toEqual([
      { jsonrpc: "2.0", id: null, error: { code: -32700, message: expect.any(String) } },
    ]);
  });

  it("answers a batch with an error instead of silence", async () => {
    const { stdin, transport, answers } = setup();
    await transport.start();
    stdin.write('[{"jsonrpc":"2.0","id":1,"method":"ping"}]\n');
    await tick();
    expect(answers()).toEqual([
      {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32600, message: expect.stringContaining("batches") },
      },
    ]);
  });

  it("answers a malformed message with -32600 and its id when it has a usable one", async () => {
    const { stdin, transport, answers } = setup();
    await transport.start();
    stdin.write('{"jsonrpc":"2.0","id":7,"method":"ping","extra":true}\n');
    stdin.write('{"jsonrpc":"2.0","id":1.5,"method":"ping"}\n');
    await tick();
    expect(answers()).toMatchObject([
      { id: 7, error: { code: -32600 } },
      { id: null, error: { code: -32600 } },
    ]);
  });

  it("passes messages on, split across chunks or several to a chunk, \\r\\n included", async () => {
    const { stdin, transport, received } = setup();
    await transport.start();
    stdin.write('{"jsonrpc":"2.0","id":1,"meth');
    stdin.write('od":"ping"}\r\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
    await tick();
    expect(received).toEqual([
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", method: "notifications/initialized" },
    ]);
  });

  it("settles once every request received has its answer written", async () => {
    const { stdin, transport, answers } = setup();
    await transport.start();
    stdin.write('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}\n');
    stdin.write('{"jsonrpc":"2.0","id":"b","method":"ping"}\n');
    await tick();
    expect(transport.pending).toBe(2);
    let settled = false;
    const done = transport.settled(60_000).then(() => {
      settled = true;
    });
    await transport.send({ jsonrpc: "2.0", id: 1, result: {} });
    await tick();
    expect(settled).toBe(false);
    await transport.send({ jsonrpc: "2.0", id: "b", result: {} });
    await done;
    expect(answers().map((a) => a.id)).toEqual([1, "b"]);
  });
  it("at a stop answers each request still in flight once, and drops a late answer to it", async () => {
    const { stdin, transport, answers } = setup();
    await transport.start();
    stdin.write(
      `${JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "x" } })}\n`,
    );
    stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: "p", method: "ping" })}\n`);
    await tick();
    expect(transport.pending).toBe(2);
    expect(await transport.answerPending("stopping")).toBe(2);
    expect(transport.pending).toBe(0);
    await transport.send({ jsonrpc: "2.0", id: 7, result: { content: [] } });
    await tick();
    expect(answers()).toEqual([
      {
        jsonrpc: "2.0",
        id: 7,
        result: { isError: true, content: [{ type: "text", text: "stopping" }] },
      },
      { jsonrpc: "2.0", id: "p", error: { code: -32000, message: "stopping" } },
    ]);
  });
});
