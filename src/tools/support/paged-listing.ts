import { pageOf } from "../../booking/booking-inputs.js";
import type { BookingtimeApi } from "../../bookingtime/api.js";
import type { Records } from "../../bookingtime/api-support.js";
import type { ToolContext, ToolResult } from "../define.js";
import { skippedView } from "./skipped.js";

// A type, not an interface: results are checked against output schemas with an index signature.
export type Paging = {
  page: number;
  total: number;
  hasMore: boolean;
};

/** A plain list of one organization's records: where they come from and how they are shown. */
export interface PagedListing<R, V, K extends string> {
  /** The result's field holding the page. */
  key: K;
  pageSize: number;
  fetch(api: BookingtimeApi, organizationId: string): Promise<Records<R>>;
  view(record: R): V;
  /** The text's sentence; the note on records left out is appended. */
  summary(paging: Paging): string;
}

type PagedResult<V, K extends string> = Record<K, V[]> &
  Paging & { skipped?: { count: number; ids: string[] } };

/**
 * The handler of such a list tool: the organization's records, one page of them, and the
 * records bookingtime sent that could not be read (count and ids), in the result and the text.
 */
export function pagedListing<R, V, const K extends string>(listing: PagedListing<R, V, K>) {
  return async (
    args: { organizationId?: string | undefined; page: number },
    ctx: ToolContext,
  ): Promise<ToolResult<PagedResult<V, K>>> => {
    const organizationId = ctx.organizationId(args.organizationId);
    const { records, skipped } = await listing.fetch(ctx.api, organizationId);
    const { items, ...paging } = pageOf(records.map(listing.view), args.page, listing.pageSize);
    const left = skippedView(skipped);
    const page = { [listing.key]: items } as Record<K, V[]>;
    return {
      data: { ...page, ...paging, ...left.data },
      summary: `${listing.summary(paging)}${left.text}`,
    };
  };
}
