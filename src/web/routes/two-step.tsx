import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { person } from "../../domain/actors.js";
import type { ErrorCode } from "../../domain/errors.js";
import { actorContext, personContext } from "../../http/actor-context.js";
import { clientIp } from "../../http/client-ip.js";
import type { AppEnv } from "../../http/env.js";
import type { Router } from "../../http/openapi.js";
import { sessionToken, setSessionCookie } from "../../http/session.js";
import { finishTwoStepLogin } from "../../services/accounts/sessions.js";
import { confirmEnrolment, disableTwoStep, enrolmentView, passSecondStep, startEnrolment } from "../../services/accounts/two-step.js";
import { parseForm } from "../forms.js";
import { form, page } from "../guards.js";
import { RecoveryCodesPage, TwoStepEnrolPage, TwoStepLoginPage } from "../pages/two-step.js";
import { nextOf } from "./auth.js";
import { withNext } from "../layout.js";

const CHALLENGE_COOKIE = "handoff_two_step";
const CodeForm = z.object({ code: z.string().trim().min(1, "Enter the code").max(20) });
const PasswordForm = z.object({ password: z.string().min(1, "Enter your password").max(1024) });

/** The challenge between the password and the code: httpOnly, this path only, 5 minutes. */
export function setChallengeCookie(c: Context<AppEnv>, challenge: string) {
  const secure = new URL(c.req.url).protocol === "https:";
  setCookie(c, CHALLENGE_COOKIE, challenge, { httpOnly: true, sameSite: "Lax", secure, path: "/login/two-step", maxAge: 300 });
}

const RESHOW: readonly ErrorCode[] = ["two_step_invalid", "rate_limited", "validation_failed"];

export function registerTwoStepPages(app: Router) {
  app.get("/login/two-step", (c) => c.html(<TwoStepLoginPage csrfToken={c.get("csrfToken")} next={nextOf(c)} />));

  app.post(
    "/login/two-step",
    form.anyone(
      async (c, body) => {
        const parsed = parseForm(CodeForm, body);
        if (!parsed.ok) return c.html(<TwoStepLoginPage csrfToken={c.get("csrfToken")} next={nextOf(c)} errors={parsed.errors} />, 400);
        const deps = c.get("deps");
        const userId = await passSecondStep(deps, getCookie(c, CHALLENGE_COOKIE), parsed.data.code, clientIp(c));
        const session = await finishTwoStepLogin(deps, personContext(c), userId, sessionToken(c));
        deleteCookie(c, CHALLENGE_COOKIE, { path: "/login/two-step" });
        setSessionCookie(c, session.token, session.expiresAt);
        return c.redirect(nextOf(c) ?? "/account", 303);
      },
      {
        on: RESHOW,
        show: (c, err) => c.html(<TwoStepLoginPage csrfToken={c.get("csrfToken")} next={nextOf(c)} error={err.detail ?? err.message} />, err.status as 401 | 429),
      },
    ),
  );

  app.post(
    "/account/two-step/start",
    form.user(async (c, user) => {
      await startEnrolment(c.get("deps"), actorContext(c, person(user.id)), user.id);
      return c.redirect(withNext("/account/two-step", nextOf(c)), 303);
    }),
  );

  app.get(
    "/account/two-step",
    page.user(async (c, user) => {
      const view = await enrolmentView(c.get("deps"), user.id, user.email);
      if (!view) return c.redirect("/account", 303);
      return c.html(<TwoStepEnrolPage user={user} csrfToken={c.get("csrfToken")} next={nextOf(c)} {...view} />);
    }),
  );

  app.post(
    "/account/two-step/confirm",
    form.user(
      async (c, user, body) => {
        const parsed = parseForm(CodeForm, body);
        const codes = await confirmEnrolment(c.get("deps"), actorContext(c, person(user.id)), user.id, parsed.ok ? parsed.data.code : "");
        return c.html(<RecoveryCodesPage user={user} csrfToken={c.get("csrfToken")} codes={codes} next={nextOf(c)} />);
      },
      {
        on: RESHOW,
        show: async (c, err) => {
          const user = c.get("user")!;
          const view = await enrolmentView(c.get("deps"), user.id, user.email);
          if (!view) return c.redirect("/account", 303);
          return c.html(<TwoStepEnrolPage user={user} csrfToken={c.get("csrfToken")} next={nextOf(c)} {...view} error={err.detail ?? err.message} />, err.status as 401 | 429);
        },
      },
    ),
  );

  app.post(
    "/account/two-step/disable",
    form.user(async (c, user, body) => {
      const parsed = parseForm(PasswordForm, body);
      await disableTwoStep(c.get("deps"), actorContext(c, person(user.id)), user.id, parsed.ok ? parsed.data.password : "");
      return c.redirect("/account?two-step=off", 303);
    }),
  );
}
