import { SANDBOX_DEFAULT_CLIENT, SANDBOX_ORGANIZATIONS } from "./fixtures.js";
import { Sandbox } from "./sandbox.js";
import type { Shapes } from "./shapes.js";

/** Backs `bookingtime-mcp sandbox --port N`: starts a sandbox and tells the user how to connect to it. */
export async function runStandaloneSandbox(opts: {
  port: number;
  host?: string;
  shapes?: Shapes;
  log: (line: string) => void;
}): Promise<Sandbox> {
  const sandbox = await Sandbox.start({
    port: opts.port,
    host: opts.host ?? "127.0.0.1",
    clients: [SANDBOX_DEFAULT_CLIENT],
    shapes: opts.shapes ?? "default",
  });
  const { acme, globex, initech, umbrella } = SANDBOX_ORGANIZATIONS;
  opts.log(`bookingtime sandbox listening on ${sandbox.url} (${sandbox.shapes} shapes)`);
  opts.log(`API URL: ${sandbox.apiUrl}`);
  opts.log(`token URL: ${sandbox.authUrl}`);
  opts.log(`client id: ${SANDBOX_DEFAULT_CLIENT.clientId}`);
  // A fake demo credential that only this emulator accepts, so printing it is harmless.
  // Even a demo secret stays out of logs; the README documents it.
  opts.log("client secret: the sandbox demo secret documented in the README");
  opts.log(`app id (BOOKINGTIME_APP_ID): ${SANDBOX_DEFAULT_CLIENT.appId}`);
  opts.log(`organization ACME: ${acme}`);
  opts.log(`organization Globex: ${globex}`);
  opts.log(`organization Umbrella: ${umbrella}`);
  opts.log(`organization Initech: ${initech} (not accessible to this client)`);
  return sandbox;
}
