import { once } from "node:events";
import type { Server } from "node:http";
import { ConfigError } from "../settings/types.js";

/** Listens, turning the errors a person can fix (a busy or privileged port) into what to do. */
export async function listen(server: Server, host: string, port: number): Promise<void> {
  server.listen(port, host);
  try {
    await Promise.race([
      once(server, "listening"),
      once(server, "error").then(([error]) => Promise.reject(error)),
    ]);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new ConfigError(
        `Port ${port} on ${host} is already in use, by another program or another bookingtime-mcp. Stop that one, or choose a free port with --port N (or PORT).`,
      );
    }
    if (code === "EACCES") {
      throw new ConfigError(
        `Not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges). Choose another port with --port N (or PORT).`,
      );
    }
    if (code === "EADDRNOTAVAIL") {
      throw new ConfigError(
        `Cannot listen on ${host}: no network interface of this machine has that address. Check --host (or HOST).`,
      );
    }
    throw error;
  }
}
