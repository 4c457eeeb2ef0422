import { z } from "@hono/zod-openapi";
import { idOf, emailOut, text, timestamp } from "../../http/schemas.js";
import { MEMBERSHIP_STATES } from "../../domain/membership-states.js";
import { PERMISSIONS } from "../../domain/team-permissions.js";
import type { MemberView } from "../../services/team/members.js";
import { MailDeliverySchema } from "../delivery-schema.js";

export { teamSecurity } from "../../http/openapi.js";

export const RoleSchema = z.enum(["owner", "admin", "member"]);
export const MembershipStateSchema = z.enum(MEMBERSHIP_STATES);
export const PermissionSchema = z.enum(PERMISSIONS);

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const dateTime = () => timestamp().nullable();

export const MemberSchema = z
  .object({
    userId: idOf("usr"),
    name: text(200).nullable(),
    email: emailOut.nullable(),
    role: RoleSchema,
    state: MembershipStateSchema,
    groups: z.array(z.object({ id: idOf("grp"), name: text(100) })).max(1000),
    joinedAt: dateTime(),
    lastSeenAt: dateTime(),
    suspendedAt: dateTime(),
    deauthorizeAt: dateTime().openapi({
      description: "While suspended: when the member's sessions end and their projects' keys are refused",
    }),
    provisionId: idOf("prv").nullable().openapi({ description: "The provision that created this account, if any" }),
    scimManaged: z.boolean().openapi({
      description: "Managed by the identity provider (SCIM): suspend, reactivate and delete answer 409 `scim_managed` until an owner unlinks the member",
    }),
    delivery: MailDeliverySchema.nullable().openapi({
      description:
        "The latest mail the organization sent this person (the claim link of their provision, the invitation they accepted, a recovery link): queued, sent or failed with the reason. Null when none was mailed",
    }),
  })
  .openapi("Member");

export function toMemberJson(m: MemberView) {
  return {
    ...m,
    joinedAt: iso(m.joinedAt),
    lastSeenAt: iso(m.lastSeenAt),
    suspendedAt: iso(m.suspendedAt),
    deauthorizeAt: iso(m.deauthorizeAt),
  };
}

export const UserIdParam = z.object({
  userId: idOf("usr").openapi({ param: { name: "userId", in: "path" } }),
});
