import { spawn } from "node:child_process";
import { ENTRY } from "./server.mjs";

/**
 * `bookingtime-mcp sandbox --port 0` in its own process, as a real upstream is: then the direct
 * request and the server's request both cross a process boundary to reach it, and the difference
 * between the two paths is the server, not where the emulator happens to run.
 */
export function startStandaloneSandbox() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY, "sandbox", "--port", "0"], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { PATH: process.env.PATH ?? "" },
    });
    let stderr = "";
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`sandbox exited (${code}): ${stderr.slice(0, 300)}`)),
    );
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (!url) return;
      child.stderr.removeAllListeners("data");
      child.stderr.resume();
      child.removeAllListeners("exit");
      resolve({
        url,
        apiUrl: `${url}/app/v3`,
        authUrl: `${url}/oauth/token`,
        close: () =>
          new Promise((done) => {
            child.once("exit", done);
            child.kill("SIGTERM");
          }),
      });
    });
  });
}
