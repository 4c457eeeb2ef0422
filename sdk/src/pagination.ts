import type { Page } from "./types.js";

/**
 * What `list()` returns: await it for one page (`{ data, nextCursor }`), or iterate it with
 * `for await` for every item of every page, fetched one page at a time as the loop goes. Nothing is
 * requested until it is awaited or iterated.
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #load: (cursor: string | undefined) => Promise<Page<T>>;
  readonly #cursor: string | undefined;
  #first: Promise<Page<T>> | undefined;

  constructor(load: (cursor: string | undefined) => Promise<Page<T>>, cursor?: string) {
    this.#load = load;
    this.#cursor = cursor;
  }

  #firstPage(): Promise<Page<T>> {
    return (this.#first ??= this.#load(this.#cursor));
  }

  then<A = Page<T>, B = never>(
    onfulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Page<T> | B> {
    return this.#firstPage().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.#firstPage().finally(onfinally);
  }

  /** Every page in turn, starting with this one. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    let page = await this.#firstPage();
    yield page;
    const seen = new Set<string>();
    while (page.nextCursor) {
      // A cursor that comes back twice would loop for ever: stop rather than spin.
      if (seen.has(page.nextCursor)) throw new Error(`The API returned the cursor ${page.nextCursor} twice.`);
      seen.add(page.nextCursor);
      page = await this.#load(page.nextCursor);
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }

  /** Every item of every page in one array (mind the size of what you list). */
  async toArray(): Promise<T[]> {
    const all: T[] = [];
    for await (const item of this) all.push(item);
    return all;
  }

  get [Symbol.toStringTag](): string {
    return "PagePromise";
  }
}
