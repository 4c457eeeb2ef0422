/**
 * SCIM paging (RFC 7644 §3.4.2.4): `startIndex` (1-based) and `count`, answered with `totalResults`.
 * Resources are read in keyset order in batches of BATCH and tested against the filter one by one:
 * the page is kept, the rest only counted, so memory is bounded by the page and the batch.
 */
export type PageRequest = { startIndex: number; count: number };
export type Page = { resources: Record<string, unknown>[]; totalResults: number; startIndex: number };
export type Cursor = { createdAt: Date; id: string };
type Batch = (after: Cursor | undefined, limit: number) => Promise<{ cursor: Cursor; resource: Record<string, unknown> }[]>;

const BATCH = 500;

export async function scanPage(read: Batch, test: (r: object) => boolean, page: PageRequest): Promise<Page> {
  const resources: Record<string, unknown>[] = [];
  let total = 0;
  let after: Cursor | undefined;
  for (;;) {
    const rows = await read(after, BATCH);
    for (const { resource } of rows) {
      if (!test(resource)) continue;
      total++;
      if (total >= page.startIndex && resources.length < page.count) resources.push(resource);
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]!.cursor;
  }
  return { resources, totalResults: total, startIndex: page.startIndex };
}
