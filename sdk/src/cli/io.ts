/** Where the CLI reads and writes: the real process, or a test's stand-ins. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  cwd: string;
  fetch?: typeof fetch;
}
