import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { DocsAssets, DocsFile } from "../web/docs.js";

const cache = new Map<DocsFile, Promise<string>>();

/** The API reference viewer's files, read once from the installed swagger-ui-dist package. */
export const nodeDocsAssets: DocsAssets = (file) => {
  let text = cache.get(file);
  if (!text) {
    text = readFile(createRequire(import.meta.url).resolve(`swagger-ui-dist/${file}`), "utf8");
    cache.set(file, text);
    text.catch(() => cache.delete(file));
  }
  return text;
};
