/** Builds dist/cli.js (or `outfile`) and resolves to its path. */
export function buildCli(outfile?: string): Promise<string>;
/** Builds dist/esm, dist/cjs and their declarations (into `dist`, default the package's dist/). */
export function buildLibrary(dist?: string): Promise<void>;
