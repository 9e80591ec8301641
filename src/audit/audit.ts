import { closeSync, fchmodSync, openSync, writeSync } from "node:fs";
import type { Logger } from "../logger.js";
import type { SecretRegistry } from "../secrets.js";
import { ConfigError } from "../settings/types.js";
import type { Caller } from "./caller.js";

export type AuditOutcome = "done" | "refused" | "failed" | "unknown";

/** One write attempt. Ids only: no names, e-mail addresses or notes, and never a token. */
export interface AuditRecord {
  caller: Caller;
  tool: string;
  organization: string | undefined;
  ids: Record<string, string>;
  idempotencyKey?: string | undefined;
  /** book_appointment's customId: how the booking is found in bookingtime. */
  customId?: string | undefined;
  outcome: AuditOutcome;
  /** A short machine-readable why for refused/failed/unknown (an error kind). */
  reason?: string | undefined;
}

export interface AuditLog {
  write(record: AuditRecord): void;
  close(): void;
}

/** `time` for the file; on stderr the logger's own `time` says when (two would be one key twice). */
function line(
  record: AuditRecord,
  stamp: boolean,
  secrets: SecretRegistry,
): Record<string, unknown> {
  const { caller, ...rest } = record;
  const entry: Record<string, unknown> = {
    ...(stamp ? { time: new Date().toISOString() } : {}),
    audit: "write",
    caller: caller.id,
    ...(caller.clientId ? { clientId: caller.clientId } : {}),
    ...rest,
  };
  // Ids and keys come from arguments: a token pasted into one must not be kept.
  return secrets.scrubDeep(entry);
}

/**
 * To stderr through the logger (the default), at info even when LOG_LEVEL is higher: a quieter
 * log must not lose the trail. Only LOG_LEVEL=silent (no stderr at all) silences it.
 */
export function loggerAudit(logger: Logger, secrets: SecretRegistry): AuditLog {
  const trail = logger.level === "silent" ? logger : logger.child({}, { level: "info" });
  return {
    write: (record) => trail.info(line(record, false, secrets), "audit"),
    close: () => undefined,
  };
}

/**
 * BOOKINGTIME_MCP_AUDIT_FILE: JSON lines, opened append-only and readable by the owner only.
 * Each record is one synchronous write, so a crash right after a booking still leaves its line.
 */
export function fileAudit(path: string, secrets: SecretRegistry): AuditLog {
  let fd: number;
  try {
    fd = openSync(path, "a", 0o600);
    // An existing file keeps its mode on open; an audit trail is nobody else's to read.
    fchmodSync(fd, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError(
      `BOOKINGTIME_MCP_AUDIT_FILE ${path} cannot be opened for appending (${code}); point it at a writable file, or unset it to audit to stderr.`,
    );
  }
  let open = true;
  return {
    write: (record) => {
      if (open) writeSync(fd, `${JSON.stringify(line(record, true, secrets))}\n`);
    },
    close: () => {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
