import type { Page } from "./types.js";
/**
 * What `list()` returns: await it for one page (`{ data, nextCursor }`), or iterate it with
 * `for await` for every item of every page, fetched one page at a time as the loop goes. Nothing is
 * requested until it is awaited or iterated.
 */
export declare class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
    #private;
    constructor(load: (cursor: string | undefined) => Promise<Page<T>>, cursor?: string);
    then<A = Page<T>, B = never>(onfulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B>;
    catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Page<T> | B>;
    finally(onfinally?: (() => void) | null): Promise<Page<T>>;
    /** Every page in turn, starting with this one. */
    pages(): AsyncGenerator<Page<T>, void, undefined>;
    [Symbol.asyncIterator](): AsyncGenerator<T, void, undefined>;
    /** Every item of every page in one array (mind the size of what you list). */
    toArray(): Promise<T[]>;
    get [Symbol.toStringTag](): string;
}
