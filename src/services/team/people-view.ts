import type { MembershipState, Role } from "../../../db/schema.js";
import type { Permission } from "../../domain/team-permissions.js";
import type { AppDeps } from "../../deps.js";
import { getGroup, listGroups } from "../groups/groups.js";
import { listInvitations } from "../invitations/manage.js";
import { getMember, listMembers } from "./members.js";
import { getPolicy } from "./policy.js";
import { organizationSummary } from "./team-view.js";

export type PeopleFilter = {
  state?: MembershipState | undefined;
  role?: Role | undefined;
  group?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
};

/** The People page: a page of members (filtered), the groups to filter by, and the invitations (read by those who provision). */
export async function peopleView(deps: AppDeps, organizationId: string, filter: PeopleFilter, permissions: readonly Permission[]) {
  const [organization, members, groups, invitations] = await Promise.all([
    organizationSummary(deps, organizationId),
    listMembers(deps.db, organizationId, { ...filter, limit: 50 }),
    listGroups(deps.db, organizationId),
    permissions.includes("provision") ? listInvitations(deps, organizationId, { limit: 25 }) : Promise.resolve(null),
  ]);
  return { organization, members, groups, invitations: invitations?.data ?? null };
}

/** The delete confirmation: the member, and the active members who could receive their projects. */
export async function deleteMemberView(deps: AppDeps, organizationId: string, userId: string) {
  const [organization, member, active] = await Promise.all([
    organizationSummary(deps, organizationId),
    getMember(deps.db, organizationId, userId),
    listMembers(deps.db, organizationId, { state: "active", limit: 100 }),
  ]);
  return { organization, member, recipients: active.data.filter((m) => m.userId !== userId) };
}

/** The Groups page: every group, and the members one can be added. */
export async function groupsView(deps: AppDeps, organizationId: string) {
  const [organization, groups] = await Promise.all([organizationSummary(deps, organizationId), listGroups(deps.db, organizationId)]);
  return { organization, groups };
}

/** One group's page: the group, its members and everyone who could join it. */
export async function groupView(deps: AppDeps, organizationId: string, groupId: string) {
  const [organization, group, members, everyone] = await Promise.all([
    organizationSummary(deps, organizationId),
    getGroup(deps.db, organizationId, groupId),
    listMembers(deps.db, organizationId, { group: groupId, limit: 100 }),
    listMembers(deps.db, organizationId, { limit: 100 }),
  ]);
  const inGroup = new Set(members.data.map((m) => m.userId));
  return { organization, group, members: members.data, candidates: everyone.data.filter((m) => !inGroup.has(m.userId)) };
}

/** The Policy page: the organization and its policy. */
export async function policyView(deps: AppDeps, organizationId: string) {
  const [organization, policy] = await Promise.all([organizationSummary(deps, organizationId), getPolicy(deps.db, organizationId)]);
  return { organization, policy };
}
