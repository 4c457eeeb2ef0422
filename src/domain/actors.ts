// TEMPORARY until the foundation branch lands (it moves the actor types here): the same names.
import type { Principal, ProjectOwner, TeamUser } from "../http/principal.js";
export type { AdminPrincipal, Principal, ProjectActor, ProjectOwner, ProjectPrincipal, TeamActor, TeamUser } from "../http/principal.js";
export { actorOf as actorRef } from "../http/principal.js";

export type Person = { kind: "user"; userId: string };
export type SystemActor = { kind: "system"; id: string | null };
export type Actor = Principal | TeamUser | ProjectOwner | Person | SystemActor;

export const person = (userId: string): Person => ({ kind: "user", userId });

export type ActorContext<A extends Actor = Actor> = {
  actor: A;
  organizationId: string | null;
  requestId: string | null;
  now?: Date;
};

export function contextOf<A extends Actor & { organizationId: string }>(actor: A, requestId: string | null): ActorContext<A> {
  return { actor, organizationId: actor.organizationId, requestId };
}

export function systemContext(id: string, now?: Date): ActorContext {
  return { actor: { kind: "system", id }, organizationId: null, requestId: null, ...(now ? { now } : {}) };
}
