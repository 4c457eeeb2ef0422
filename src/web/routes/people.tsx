import { z } from "zod";
import { MEMBERSHIP_STATES } from "../../domain/membership-states.js";
import { DomainError, type ErrorCode } from "../../domain/errors.js";
import { PERMISSIONS, type Permission } from "../../domain/team-permissions.js";
import { REQUIRE_TWO_STEP } from "../../domain/two-step-policy.js";
import type { Router } from "../../http/openapi.js";
import type { ActorContext, TeamUser } from "../../domain/actors.js";
import type { AppDeps } from "../../deps.js";
import { addGroupMember, createGroup, deleteGroup, removeGroupMember, updateGroup } from "../../services/groups/groups.js";
import { resendInvitation, revokeInvitation } from "../../services/invitations/manage.js";
import { renameOrganization } from "../../services/organizations.js";
import { changeMemberRole, confirmMember, confirmMembers, deleteMember, reactivateMember, suspendMember } from "../../services/team/member-actions.js";
import { deleteMemberView, groupView, groupsView, peopleView, policyView } from "../../services/team/people-view.js";
import { updatePolicy } from "../../services/team/policy.js";
import { beginRecovery, cancelRecovery, completeRecovery } from "../../services/team/recovery.js";
import { unlinkScimMember } from "../../services/scim/managed.js";
import { organizationSummary } from "../../services/team/team-view.js";
import { parseForm } from "../forms.js";
import { form, page } from "../guards.js";
import { DEAUTHORIZE_CHOICES, DeleteMemberPage, GroupPage, GroupsPage, PeoplePage, PolicyPage, SettingsPage } from "../pages/people.js";
import { RecoveryStartedPage } from "../pages/recovery.js";
import { reportsPath } from "./reports.js";

const blankIsUndefined = (v: unknown) => (v === "" ? undefined : v);
const PeopleQuery = z.object({
  state: z.preprocess(blankIsUndefined, z.enum(MEMBERSHIP_STATES).optional()).catch(undefined),
  role: z.preprocess(blankIsUndefined, z.enum(["owner", "admin", "member"]).optional()).catch(undefined),
  group: z.preprocess(blankIsUndefined, z.string().max(64).optional()).catch(undefined),
  q: z.preprocess(blankIsUndefined, z.string().trim().min(1).max(200).optional()).catch(undefined),
  cursor: z.string().max(500).optional().catch(undefined),
});

const SuspendForm = z.object({
  deauthorizeAfter: z.coerce
    .number()
    .int()
    .refine((n) => DEAUTHORIZE_CHOICES.some((c) => c.seconds === n), "Choose when their devices stop working"),
});
const RoleForm = z.object({ role: z.enum(["owner", "admin", "member"], "Choose owner, admin or member") });
const DeleteForm = z.object({ projects: z.enum(["delete", "transfer"], "Choose what happens to their projects"), transferTo: z.string().max(64).optional() });
const GroupForm = z.object({ name: z.string().trim().min(1, "Enter a name").max(100), description: z.string().trim().max(500).optional() });
const AddMemberForm = z.object({ userId: z.string().min(1, "Choose a person").max(64) });
const PolicyForm = z.object({
  confirmationRequired: z.literal("on").optional(),
  deletePermission: z.enum(["owners", "admins"], "Choose who may delete people"),
  autoDeleteSuspendedAfterDays: z.union([z.literal(""), z.coerce.number().int("Enter whole days").min(1, "At least 1 day").max(180, "At most 180 days")]),
  // Optional so a form from before the field existed still saves (the field left as it was).
  requireTwoStep: z.enum(REQUIRE_TWO_STEP, "Choose who must use two-step login").optional(),
});
const RenameForm = z.object({ name: z.string().trim().min(1, "Enter a name").max(200) });

/** A form that does not parse is refused with a 400 page naming the fields. */
function parsed<T extends z.ZodType>(schema: T, body: Record<string, string>): z.infer<T> {
  const result = parseForm(schema, body);
  if (!result.ok) throw new DomainError("validation_failed", result.errors.map((e) => e.message).join("; "), { errors: result.errors });
  return result.data;
}

function checkedPermissions(body: Record<string, string>): Permission[] {
  return PERMISSIONS.filter((p) => body[`perm_${p}`] === "on");
}

const NOTICES: Record<string, string> = {
  suspended: "Suspended. They cannot act in this organization any more.",
  reactivated: "Reactivated. Everything works again for them.",
  confirmed: "Confirmed.",
  role: "Role changed.",
  deleted: "Deleted from this organization.",
  revoked: "Invitation revoked. Its link no longer works.",
  resent: "Invitation sent again with a new link.",
  created: "Group created.",
  saved: "Saved.",
  added: "Added to the group.",
  removed: "Removed from the group.",
  "group-deleted": "Group deleted.",
  unlinked: "Unlinked from SCIM: their state can be changed here again.",
  "recovery-started": "Recovery started. A link to set a new password was mailed to them; their old password no longer works.",
  "recovery-completed": "Recovery completed. They can log in with their new password.",
  "recovery-cancelled": "Recovery cancelled. They are active again.",
  renamed: "Organization renamed.",
  welcome: "Organization created. You are its owner: invite or provision people to join it.",
};

export function registerPeoplePages(app: Router) {
  const notice = (q: string | undefined) => (q ? NOTICES[q] : undefined);
  const people = (orgId: string, n: string) => `/orgs/${orgId}/people?notice=${n}`;

  app.get(
    "/orgs/:orgId/people",
    page.member("any", async (c, ctx, standing) => {
      const filter = PeopleQuery.parse(c.req.query());
      const view = await peopleView(c.get("deps"), ctx.actor.organizationId, filter, standing.permissions);
      return c.html(<PeoplePage user={c.get("user")!} csrfToken={c.get("csrfToken")} standing={standing} view={view} filter={filter} notice={notice(c.req.query("notice"))} />);
    }),
  );

  app.post(
    "/orgs/:orgId/people/confirm-all",
    form.member("confirm", async (c, ctx) => {
      const { results } = await confirmMembers(c.get("deps"), ctx, { all: true });
      const n = results.filter((r) => r.outcome === "confirmed").length;
      return c.redirect(people(ctx.actor.organizationId, n ? "confirmed" : "saved"), 303);
    }),
  );

  // One-click actions on a person or an invitation: the id in the path, nothing in the form.
  const oneClick: [string, Permission, (deps: AppDeps, ctx: ActorContext<TeamUser>, id: string) => Promise<unknown>, string][] = [
    ["/orgs/:orgId/people/:id/confirm", "confirm", confirmMember, "confirmed"],
    ["/orgs/:orgId/people/:id/reactivate", "suspend", reactivateMember, "reactivated"],
    ["/orgs/:orgId/people/:id/unlink-scim", "manage_integrations", unlinkScimMember, "unlinked"],
    ["/orgs/:orgId/people/:id/recovery/complete", "recover", completeRecovery, "recovery-completed"],
    ["/orgs/:orgId/people/:id/recovery/cancel", "recover", cancelRecovery, "recovery-cancelled"],
    ["/orgs/:orgId/invitations/:id/revoke", "provision", revokeInvitation, "revoked"],
    ["/orgs/:orgId/invitations/:id/resend", "provision", resendInvitation, "resent"],
  ];
  for (const [path, permission, act, done] of oneClick) {
    app.post(
      path,
      form.member(permission, async (c, ctx) => {
        await act(c.get("deps"), ctx, c.req.param("id")!);
        return c.redirect(people(ctx.actor.organizationId, done), 303);
      }),
    );
  }

  app.post(
    "/orgs/:orgId/people/:userId/suspend",
    form.member("suspend", async (c, ctx, body) => {
      const { deauthorizeAfter } = parsed(SuspendForm, body);
      await suspendMember(c.get("deps"), ctx, c.req.param("userId")!, { deauthorizeAfter });
      // The Reports page's one-click suspend comes back to the report.
      if (body.back === "reports") return c.redirect(reportsPath(ctx.actor.organizationId, body.days, "suspended"), 303);
      return c.redirect(people(ctx.actor.organizationId, "suspended"), 303);
    }),
  );


  // One person at a time from this page (the API takes up to ten); a refusal gets its own page.
  app.post(
    "/orgs/:orgId/people/:userId/recovery/start",
    form.member("recover", async (c, ctx) => {
      const [result] = await beginRecovery(c.get("deps"), ctx, [c.req.param("userId")!]);
      if (!result || "error" in result) throw new DomainError((result?.error.code ?? "not_found") as ErrorCode, result?.error.detail);
      if (!result.recoveryUrl) return c.redirect(people(ctx.actor.organizationId, "recovery-started"), 303);
      // No mail on this server: the admin hands the link over, shown this once.
      const organization = await organizationSummary(c.get("deps"), ctx.actor.organizationId);
      return c.html(<RecoveryStartedPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} url={result.recoveryUrl} expiresAt={result.expiresAt} />);
    }),
  );

  app.post(
    "/orgs/:orgId/people/:userId/role",
    form.member("manage_roles", async (c, ctx, body) => {
      await changeMemberRole(c.get("deps"), ctx, c.req.param("userId")!, parsed(RoleForm, body).role);
      return c.redirect(people(ctx.actor.organizationId, "role"), 303);
    }),
  );

  app.get(
    "/orgs/:orgId/people/:userId/delete",
    page.member("delete", async (c, ctx, standing) => {
      const view = await deleteMemberView(c.get("deps"), ctx.actor.organizationId, c.req.param("userId")!);
      return c.html(<DeleteMemberPage user={c.get("user")!} csrfToken={c.get("csrfToken")} standing={standing} view={view} />);
    }),
  );

  app.post(
    "/orgs/:orgId/people/:userId/delete",
    form.member("delete", async (c, ctx, body) => {
      const choice = parsed(DeleteForm, body);
      if (choice.projects === "transfer" && !choice.transferTo) {
        throw new DomainError("validation_failed", "Choose the member who receives the projects", { errors: [{ path: "transferTo", message: "Choose a member" }] });
      }
      await deleteMember(c.get("deps"), ctx, c.req.param("userId")!, { transferProjectsTo: choice.projects === "transfer" ? choice.transferTo : undefined });
      return c.redirect(people(ctx.actor.organizationId, "deleted"), 303);
    }),
  );



  const groups = (orgId: string, n: string, id?: string) => `/orgs/${orgId}/groups${id ? `/${id}` : ""}?notice=${n}`;

  app.get(
    "/orgs/:orgId/groups",
    page.member("any", async (c, ctx, standing) => {
      const view = await groupsView(c.get("deps"), ctx.actor.organizationId);
      return c.html(<GroupsPage user={c.get("user")!} csrfToken={c.get("csrfToken")} standing={standing} view={view} notice={notice(c.req.query("notice"))} />);
    }),
  );

  app.post(
    "/orgs/:orgId/groups",
    form.member("manage_groups", async (c, ctx, body) => {
      const input = parsed(GroupForm, body);
      const group = await createGroup(c.get("deps"), ctx, { ...input, permissions: checkedPermissions(body) });
      return c.redirect(groups(ctx.actor.organizationId, "created", group.id), 303);
    }),
  );

  app.get(
    "/orgs/:orgId/groups/:id",
    page.member("any", async (c, ctx, standing) => {
      const view = await groupView(c.get("deps"), ctx.actor.organizationId, c.req.param("id")!);
      return c.html(<GroupPage user={c.get("user")!} csrfToken={c.get("csrfToken")} standing={standing} view={view} notice={notice(c.req.query("notice"))} />);
    }),
  );

  app.post(
    "/orgs/:orgId/groups/:id",
    form.member("manage_groups", async (c, ctx, body) => {
      const input = parsed(GroupForm, body);
      const group = await updateGroup(c.get("deps"), ctx, c.req.param("id")!, { ...input, permissions: checkedPermissions(body) });
      return c.redirect(groups(ctx.actor.organizationId, "saved", group.id), 303);
    }),
  );

  app.post(
    "/orgs/:orgId/groups/:id/delete",
    form.member("manage_groups", async (c, ctx) => {
      await deleteGroup(c.get("deps"), ctx, c.req.param("id")!);
      return c.redirect(groups(ctx.actor.organizationId, "group-deleted"), 303);
    }),
  );

  app.post(
    "/orgs/:orgId/groups/:id/members",
    form.member("manage_groups", async (c, ctx, body) => {
      const group = await addGroupMember(c.get("deps"), ctx, c.req.param("id")!, parsed(AddMemberForm, body).userId);
      return c.redirect(groups(ctx.actor.organizationId, "added", group.id), 303);
    }),
  );

  app.post(
    "/orgs/:orgId/groups/:id/members/:userId/remove",
    form.member("manage_groups", async (c, ctx) => {
      const group = await removeGroupMember(c.get("deps"), ctx, c.req.param("id")!, c.req.param("userId")!);
      return c.redirect(groups(ctx.actor.organizationId, "removed", group.id), 303);
    }),
  );

  app.get(
    "/orgs/:orgId/policy",
    page.member("any", async (c, ctx, standing) => {
      const view = await policyView(c.get("deps"), ctx.actor.organizationId);
      return c.html(<PolicyPage user={c.get("user")!} csrfToken={c.get("csrfToken")} standing={standing} view={view} notice={notice(c.req.query("notice"))} />);
    }),
  );

  app.post(
    "/orgs/:orgId/policy",
    form.member("manage_roles", async (c, ctx, body) => {
      const input = parsed(PolicyForm, body);
      await updatePolicy(c.get("deps"), ctx, {
        confirmationRequired: input.confirmationRequired === "on",
        deletePermission: input.deletePermission,
        autoDeleteSuspendedAfterDays: input.autoDeleteSuspendedAfterDays === "" ? null : input.autoDeleteSuspendedAfterDays,
        requireTwoStep: input.requireTwoStep,
      });
      return c.redirect(`/orgs/${ctx.actor.organizationId}/policy?notice=saved`, 303);
    }),
  );

  app.get(
    "/orgs/:orgId/settings",
    page.member(null, async (c, ctx, standing) => {
      const organization = await organizationSummary(c.get("deps"), ctx.actor.organizationId);
      return c.html(<SettingsPage user={c.get("user")!} csrfToken={c.get("csrfToken")} standing={standing} organization={organization} notice={notice(c.req.query("notice"))} />);
    }),
  );

  app.post(
    "/orgs/:orgId/settings",
    form.member(null, async (c, ctx, body) => {
      await renameOrganization(c.get("deps"), ctx, parsed(RenameForm, body).name);
      return c.redirect(`/orgs/${ctx.actor.organizationId}/settings?notice=renamed`, 303);
    }),
  );
}
