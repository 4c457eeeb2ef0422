import { z } from "@hono/zod-openapi";
import { idOf, timestamp } from "../../http/schemas.js";
import { userPath, userState } from "../../domain/users-api.js";
import type { UsersApiUser } from "../../services/users-api/users.js";

/** The shapes of the Users API, named and spelled as 1Password's v1beta1 (snake_case, enum states). */
export const UserSchema = z
  .object({
    id: idOf("usr"),
    email: z.string().max(320).openapi({ description: "The user's email address (empty when none is known yet: a provisioned placeholder without one)" }),
    display_name: z.string().max(500).openapi({ description: "The user's name (empty when none is known)" }),
    state: z.enum(["ACTIVE", "SUSPENDED"]).openapi({
      description: "SUSPENDED when suspended in this account; every other standing (active, provisioned and not yet claimed, awaiting confirmation, in recovery) is ACTIVE",
    }),
    create_time: timestamp("When the user joined this account (RFC 3339)"),
    path: z.string().max(200).openapi({ description: "The resource path: accounts/{account_id}/users/{user_id}", example: "accounts/org_V1StGXR8Z5jdHi6BmyT2a/users/usr_V1StGXR8Z5jdHi6BmyT2a" }),
  })
  .openapi("UsersApiUser");

export const ListUsersResponseSchema = z
  .object({
    results: z.array(UserSchema).max(1000),
    next_page_token: z.string().max(300).optional().openapi({ description: "Opaque; pass it as page_token for the next page. Absent on the last page." }),
  })
  .openapi("ListUsersResponse");

export function toUserJson(accountId: string, u: UsersApiUser): z.infer<typeof UserSchema> {
  return {
    id: u.userId,
    email: u.email ?? "",
    display_name: u.name ?? "",
    state: userState(u.state),
    create_time: u.createdAt.toISOString(),
    path: userPath(accountId, u.userId),
  };
}

export const AccountParam = z
  .string()
  .max(64)
  .openapi({ param: { name: "account_id", in: "path" }, pattern: "^org_[0-9A-Za-z]{1,60}$", example: "org_V1StGXR8Z5jdHi6BmyT2a", description: "The organization's id (org_…): the account" });

export const UserParam = idOf("usr").openapi({ param: { name: "user_id", in: "path" }, description: "The user's id (usr_…)" });

export const UserAgentHeader = z.object({
  "user-agent": z
    .string()
    .min(1)
    .max(512)
    .openapi({ example: "AcmeSOAR/1.2", pattern: "\\S", description: "Required, as 1Password requires it: `<CompanyOrProductName>/<version>`" }),
});

/** An OAuth token holding the scope, or an organization API key holding it. */
export const usersSecurity = (scope: string): Record<string, string[]>[] => [{ oauthToken: [scope] }, { adminKey: [] }];
