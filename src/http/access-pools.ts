import { type Access, accessKey, narrowDeps } from "../access/access.js";
import { createServer, type ServerDeps } from "../server.js";
import { ServerPool } from "./one-shot.js";

/** Distinct narrowed configurations that get pooled servers; more are served unpooled. */
const MAX_POOLS = 32;
const POOL_SIZE = 64;

/**
 * Pooled servers per narrowed configuration: callers with the same organizations and tools share
 * them, so tools/list (the build's listing, cut by the same selection) is exactly what each may call.
 */
export class AccessPools {
  private readonly base: ServerPool;
  private readonly pools = new Map<string, ServerPool>();

  constructor(private readonly deps: ServerDeps) {
    this.base = new ServerPool(() => createServer(deps), POOL_SIZE);
  }

  depsFor(access: Access): ServerDeps {
    return narrowDeps(this.deps, access);
  }

  /** The pool for these dependencies, or undefined when too many configurations are in use. */
  poolFor(deps: ServerDeps): ServerPool | undefined {
    if (deps === this.deps) return this.base;
    const key = accessKey(deps);
    let pool = this.pools.get(key);
    if (!pool && this.pools.size < MAX_POOLS) {
      pool = new ServerPool(() => createServer(deps), POOL_SIZE);
      this.pools.set(key, pool);
    }
    return pool;
  }
}
