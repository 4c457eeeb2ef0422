import type { TestContext } from "./context.js";

export type Page = { status: number; html: string; headers: Headers; location: string | null };

/**
 * A minimal browser for server-rendered pages: keeps cookies, reads the CSRF field from the last page,
 * posts forms, and does not follow redirects (tests assert where they point).
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  csrf = "";
  constructor(
    private readonly ctx: TestContext,
    readonly ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, path: string, init: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}): Promise<Page> {
    const headers: Record<string, string> = { "x-forwarded-for": this.ip, ...init.headers };
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    const res = await this.ctx.app.request(path, { method, headers, body, redirect: "manual" });
    this.remember(res.headers);
    const html = await res.text();
    const csrf = /name="_csrf" value="([^"]*)"/.exec(html);
    if (csrf) this.csrf = csrf[1]!;
    return { status: res.status, html, headers: res.headers, location: res.headers.get("location") };
  }

  get(path: string) {
    return this.request("GET", path);
  }

  /** Posts a form with the CSRF token of the last page, as a browser would. */
  post(path: string, fields: Record<string, string> = {}) {
    return this.request("POST", path, { form: { _csrf: this.csrf, ...fields } });
  }

  async signUp(name: string, email: string, password = "correct horse battery") {
    await this.get("/signup");
    return this.post("/signup", { name, email, password });
  }

  async logIn(email: string, password = "correct horse battery") {
    await this.get("/login");
    return this.post("/login", { email, password });
  }
}

export const claimPath = (claimUrl: string) => new URL(claimUrl).pathname;

/** A browser carrying a session cookie as `addMember` makes it (`handoff_session=…`). */
export function browserWithCookie(ctx: TestContext, cookie: string): TestBrowser {
  const b = new TestBrowser(ctx);
  const [name, value] = cookie.split("=");
  b.cookies.set(name!, value!);
  return b;
}
