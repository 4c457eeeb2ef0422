import { createRoute, z } from "@hono/zod-openapi";
import { int32 } from "../http/schemas.js";
import { REQUIRE_TWO_STEP } from "../domain/two-step-policy.js";
import { contextOf } from "../domain/actors.js";
import { errorResponses, jsonBody, jsonResponse, type Router } from "../http/openapi.js";
import { requireTeamPermission, teamOf } from "../http/auth.js";
import { getPolicy, updatePolicy } from "../services/team/policy.js";
import { teamSecurity } from "./members/schemas.js";

const PolicySchema = z
  .object({
    confirmationRequired: z.boolean().openapi({ description: "Claims and invitations leave the member awaiting confirmation" }),
    deletePermission: z.enum(["admins", "owners"]).openapi({ description: "Whether admins hold `delete`, or only owners" }),
    autoDeleteSuspendedAfterDays: int32(1, 180).nullable().openapi({
      description: "The sweeper deletes members suspended this many days (their projects with them); null: never",
    }),
    requireTwoStep: z.enum(REQUIRE_TWO_STEP).openapi({
      description:
        "Who must have two-step login on before using the organization's dashboard pages: nobody, owners and admins, or everyone. The API is not gated (keys are not people)",
    }),
    scimNewPeople: z.enum(["provision", "invitation"]).openapi({
      description:
        "What SCIM `POST /Users` does for an address with no Handoff account: `provision` (placeholder, project, key and a mailed claim link) or `invitation` (an invitation mailed to the address; the identity provider manages the invitee until they join)",
    }),
  })
  .openapi("Policy");

const get = createRoute({
  operationId: "getPolicy",
  method: "get",
  path: "/v1/team/policy",
  tags: ["Policy"],
  summary: "The organization's team policy",
  description: "Needs any team permission.",
  security: teamSecurity,
  middleware: [requireTeamPermission("any")] as const,
  responses: { 200: jsonResponse(PolicySchema, "The policy"), ...errorResponses(401, 403) },
});

const patch = createRoute({
  operationId: "updatePolicy",
  method: "patch",
  path: "/v1/team/policy",
  tags: ["Policy"],
  summary: "Change the team policy (owners only)",
  description: "Needs `manage_roles` and an owner's standing (403 `owner_required`): what the policy keeps for owners is theirs to give.",
  security: teamSecurity,
  middleware: [requireTeamPermission("manage_roles")] as const,
  request: jsonBody(PolicySchema.partial().strict().openapi("UpdatePolicyRequest")),
  responses: { 200: jsonResponse(PolicySchema, "The policy"), ...errorResponses(400, 401, 403) },
});

export function registerPolicyRoutes(app: Router) {
  app.openapi(get, async (c) => c.json(await getPolicy(c.get("deps").db, teamOf(c).organizationId), 200));
  app.openapi(patch, async (c) => c.json(await updatePolicy(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), c.req.valid("json")), 200));
}
