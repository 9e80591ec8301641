import type { z } from "zod";
import { type Records, type Written, written } from "./api-support.js";
import type { ApiRequest, BookingtimeClient } from "./client.js";
import type { Skipped } from "./schemas.js";

type Path = ApiRequest<unknown>["path"];

/**
 * What every endpoint method is made of: a read of one path below the organization, a list
 * read, or a write whose 2xx answer is read back when unusable. The methods in api.ts and
 * api-customers.ts name the path and the schema; the rules live in the client and here.
 */
export class Operations {
  constructor(protected readonly client: BookingtimeClient) {}

  /** GET `path`; its `content` parsed by `schema`. */
  protected async read<T>(
    organizationId: string,
    path: Path,
    schema: z.ZodType<T>,
    query?: Readonly<Record<string, string>>,
  ): Promise<T> {
    const res = await this.client.call({
      method: "GET",
      organizationId,
      path,
      ...(query === undefined ? {} : { query }),
      content: schema,
    });
    return res.content;
  }

  /** GET a list: its records, and those bookingtime sent that did not fit. */
  protected async readList<T>(
    organizationId: string,
    path: Path,
    schema: z.ZodType<{ recordList: T[]; skipped: Skipped[] }>,
  ): Promise<Records<T>> {
    const content = await this.read(organizationId, path, schema);
    return { records: content.recordList, skipped: content.skipped };
  }

  /** POST or PUT; a 2xx with an unusable answer is read back by `readBack` (see written). */
  protected write<T>(
    request: ApiRequest<T> & { method: "POST" | "PUT" },
    readBack: (id: string | undefined) => Promise<T | undefined>,
  ): Promise<Written<T>> {
    return written(async () => (await this.client.call(request)).content, readBack);
  }
}
