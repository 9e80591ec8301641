import type { DateRangeUnit } from "../../bookingtime/schemas.js";
import { stopIfCancelled } from "../../upstream/cancellation.js";
import type { ToolContext } from "../define.js";

/**
 * A tool's upstream steps, counted for ctx.progress: each finished step reports "what (k of n)"
 * and is also where a cancelled call stops. Steps may be added once known (the pages after the
 * first); `finish` ends at the total also when steps were skipped or a loop stopped early.
 */
export class Steps {
  private done = 0;

  constructor(
    private readonly report: ToolContext["progress"],
    private total: number,
  ) {}

  /** More steps than planned: the lists or pages only known after a first answer. */
  expect(more: number): void {
    this.total += more;
  }

  step(what: string): void {
    stopIfCancelled();
    if (this.report === undefined || this.done >= this.total) return;
    this.done += 1;
    this.report(this.done, this.total, `${what} (${this.done} of ${this.total})`);
  }

  finish(what: string): void {
    if (this.report === undefined || this.done >= this.total) return;
    this.done = this.total;
    this.report(this.done, this.total, what);
  }
}

const MONTH = new Intl.DateTimeFormat("en", { month: "long", timeZone: "UTC" });

/** A slot or appointment list's period as a person says it: "week 13 of 2026", "March 2026". */
export function periodOf(unit: DateRangeUnit | "earliest"): string {
  if (unit === "earliest") return "the earliest free day";
  switch (unit.unit) {
    case "day":
      return `${unit.year}-${String(unit.month).padStart(2, "0")}-${String(unit.day).padStart(2, "0")}`;
    case "week":
      return `week ${unit.week} of ${unit.year}`;
    case "month":
      return `${MONTH.format(Date.UTC(unit.year, unit.month - 1, 1))} ${unit.year}`;
  }
}
