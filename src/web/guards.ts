import type { Context } from "hono";
import type { ActorContext, TeamUser } from "../domain/actors.js";
import { DomainError, type ErrorCode } from "../domain/errors.js";
import { actorContext } from "../http/actor-context.js";
import { assertCsrf } from "../http/csrf.js";
import type { AppEnv } from "../http/env.js";
import type { SessionUser } from "../services/accounts/sessions.js";
import { teamUserFor } from "../services/team/access.js";
import { teamMemberFor } from "../services/team/team-access.js";
import { enforceTwoStepPolicy } from "../services/team/two-step-gate.js";
import type { Standing } from "../services/team/standing.js";
import type { Permission } from "../domain/team-permissions.js";
import { readForm } from "./forms.js";
import { renderRefusal } from "./render.js";

/**
 * The one way a page is protected. Every page handler is wrapped in one of these guards:
 * - `page.anyone` / `page.user` / `page.team`: a GET for anybody, a logged-in person (visitors go to
 *   log in and come back), or an owner or admin of the organization in the path (`:orgId`);
 * - `form.anyone` / `form.user` / `form.team`: the same for a form post, whose body is read and whose
 *   CSRF token is checked before the handler runs.
 * - `page.member(needed)` / `form.member(needed)`: a member of the organization in the path who holds
 *   the team permission `needed` (`any`: at least one), whatever their role; the handler gets their
 *   standing too, so a page shows only the buttons its viewer may use (the services check again).
 * Every organization page also applies the policy `requireTwoStep`: a person it covers who has not
 * turned two-step login on gets the page that sends them to enrol (403 `two_step_required`).
 * A refusal (a DomainError) becomes a page of its own with its status — or, for the codes a form
 * names in `reshow.on` (a taken email, a rate limit, a wrong password), the same form again with
 * the reason, carrying the error's headers (`retry-after`).
 */

type Handler<A extends unknown[]> = (c: Context<AppEnv>, ...args: A) => Promise<Response> | Response;
type Form = Record<string, string>;

/** Refusals that show the form again instead of a page of their own. */
export type Reshow = {
  on: readonly ErrorCode[];
  show(c: Context<AppEnv>, err: DomainError, form: Form): Promise<Response> | Response;
};

/** Pages that need a person send visitors to log in, and back here afterwards. */
export function loginRedirect(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
}

async function refused(c: Context<AppEnv>, err: unknown, form?: Form, reshow?: Reshow): Promise<Response> {
  if (form && reshow && err instanceof DomainError && reshow.on.includes(err.code)) {
    for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
    try {
      return await reshow.show(c, err, form);
    } catch (inner) {
      return renderRefusal(c, inner);
    }
  }
  return renderRefusal(c, err);
}

async function teamOf(c: Context<AppEnv>, user: SessionUser): Promise<ActorContext<TeamUser>> {
  const actor = await teamUserFor(c.get("deps"), user.id, c.req.param("orgId")!);
  await enforceTwoStepPolicy(c.get("deps"), actor.organizationId, user.id, actor.role);
  return actorContext(c, actor);
}

type Needed = Permission | "any" | null;

async function memberOf(c: Context<AppEnv>, user: SessionUser, needed: Needed): Promise<[ActorContext<TeamUser>, Standing]> {
  const { actor, standing } = await teamMemberFor(c.get("deps"), user.id, c.req.param("orgId")!, needed);
  await enforceTwoStepPolicy(c.get("deps"), actor.organizationId, user.id, actor.role);
  return [actorContext(c, actor), standing];
}

export const page = {
  anyone:
    (handler: Handler<[]>) =>
    async (c: Context<AppEnv>) => {
      try {
        return await handler(c);
      } catch (err) {
        return refused(c, err);
      }
    },
  user:
    (handler: Handler<[SessionUser]>) =>
    async (c: Context<AppEnv>) => {
      const user = c.get("user");
      if (!user) return loginRedirect(c);
      try {
        return await handler(c, user);
      } catch (err) {
        return refused(c, err);
      }
    },
  /** An owner or admin of the organization in the path; the handler gets their ActorContext. */
  team:
    (handler: Handler<[ActorContext<TeamUser>, SessionUser]>) =>
    async (c: Context<AppEnv>) => {
      const user = c.get("user");
      if (!user) return loginRedirect(c);
      try {
        return await handler(c, await teamOf(c, user), user);
      } catch (err) {
        return refused(c, err);
      }
    },
  /** A member holding `needed` in the organization in the path; the handler gets their ActorContext and standing. */
  member:
    (needed: Needed, handler: Handler<[ActorContext<TeamUser>, Standing]>) =>
    async (c: Context<AppEnv>) => {
      const user = c.get("user");
      if (!user) return loginRedirect(c);
      try {
        return await handler(c, ...(await memberOf(c, user, needed)));
      } catch (err) {
        return refused(c, err);
      }
    },
};

export const form = {
  anyone:
    (handler: Handler<[Form]>, reshow?: Reshow) =>
    async (c: Context<AppEnv>) => {
      const body = await readForm(c);
      try {
        assertCsrf(c, body);
        return await handler(c, body);
      } catch (err) {
        return refused(c, err, body, reshow);
      }
    },
  user:
    (handler: Handler<[SessionUser, Form]>, reshow?: Reshow) =>
    async (c: Context<AppEnv>) => {
      const user = c.get("user");
      if (!user) return loginRedirect(c);
      let body: Form | undefined;
      try {
        body = await readForm(c);
        assertCsrf(c, body);
        return await handler(c, user, body);
      } catch (err) {
        return refused(c, err, body, reshow);
      }
    },
  team:
    (handler: Handler<[ActorContext<TeamUser>, Form, SessionUser]>, reshow?: Reshow) =>
    async (c: Context<AppEnv>) => {
      const user = c.get("user");
      if (!user) return loginRedirect(c);
      let body: Form | undefined;
      try {
        const team = await teamOf(c, user);
        body = await readForm(c);
        assertCsrf(c, body);
        return await handler(c, team, body, user);
      } catch (err) {
        return refused(c, err, body, reshow);
      }
    },
  member:
    (needed: Needed, handler: Handler<[ActorContext<TeamUser>, Form, Standing]>, reshow?: Reshow) =>
    async (c: Context<AppEnv>) => {
      const user = c.get("user");
      if (!user) return loginRedirect(c);
      let body: Form | undefined;
      try {
        const [ctx, standing] = await memberOf(c, user, needed);
        body = await readForm(c);
        assertCsrf(c, body);
        return await handler(c, ctx, body, standing);
      } catch (err) {
        return refused(c, err, body, reshow);
      }
    },
};
