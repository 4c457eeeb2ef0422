import type { Context } from "hono";
import { person, type Actor, type ActorContext } from "../domain/actors.js";
import type { AppEnv } from "./env.js";

/** The ActorContext of this request: the actor, its organization (when it has one) and the request id. */
export function actorContext<A extends Actor>(c: Context<AppEnv>, actor: A): ActorContext<A> {
  return { actor, organizationId: "organizationId" in actor ? actor.organizationId : null, requestId: c.get("requestId") ?? null };
}

/** The logged-in person acting for themselves, or a visitor when nobody is logged in. */
export function personContext(c: Context<AppEnv>): ActorContext {
  const user = c.get("user");
  return actorContext(c, user ? person(user.id) : { kind: "visitor" });
}
