import { createRoute, z } from "@hono/zod-openapi";
import { DomainError } from "../../domain/errors.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parsePageSize, parseUserFilter } from "../../domain/users-api.js";
import type { Router } from "../../http/openapi.js";
import { listUsers } from "../../services/users-api/users.js";
import { usersApiErrorResponses } from "./errors.js";
import { AccountParam, ListUsersResponseSchema, toUserJson, UserAgentHeader, usersSecurity } from "./schemas.js";
import { serveUsersOperation } from "./serve.js";

const route = createRoute({
  operationId: "usersApiListUsers",
  method: "get",
  path: "/v1beta1/accounts/{account_id}/users",
  tags: ["Users API"],
  summary: "List the account's users, oldest first, optionally only active or only suspended ones",
  description:
    "Scope `users.list`. Keyset-paginated in a stable order (when each joined, then id): pass `next_page_token` back as `page_token`, with the same filter, until it is absent.",
  security: usersSecurity("users.list"),
  request: {
    params: z.object({ account_id: AccountParam }),
    headers: UserAgentHeader,
    query: z.object({
      filter: z
        .string()
        .max(100)
        .optional()
        .openapi({
          description: "Empty (everyone), `user.isActive()` or `user.isSuspended()`; anything else is INVALID_ARGUMENT",
          example: "user.isSuspended()",
          pattern: "^\\s*(user\\.isActive\\(\\)|user\\.isSuspended\\(\\))?\\s*$",
        }),
      max_page_size: z.coerce
        .number()
        .int()
        .min(1)
        .max(MAX_PAGE_SIZE)
        .optional()
        .openapi({ description: `Users per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`, format: "int32" }),
      page_token: z.string().max(300).optional().openapi({ description: "The next_page_token of the previous page", pattern: "^[A-Za-z0-9_-]*$" }),
    }),
  },
  responses: {
    200: { description: "A page of users", content: { "application/json": { schema: ListUsersResponseSchema } } },
    ...usersApiErrorResponses(400, 401, 403, 404, 429, 500),
  },
});

/** One value per parameter: a repeated one is refused rather than one of them silently chosen. */
function single(values: string[] | undefined, name: string): string | undefined {
  if (values && values.length > 1) {
    throw new DomainError("validation_failed", `${name} is given more than once.`, { errors: [{ path: `query.${name}`, message: "given more than once" }] });
  }
  return values?.[0];
}

function refuse(name: string, message: string): never {
  throw new DomainError("validation_failed", message, { errors: [{ path: `query.${name}`, message }] });
}

export function registerListUsers(app: Router) {
  serveUsersOperation(app, route, "/v1beta1/accounts/:account_id/users", "users.list", async (c, caller) => {
    const filter = parseUserFilter(single(c.req.queries("filter"), "filter"));
    if (typeof filter === "object") refuse("filter", filter.invalid);
    const pageSize = parsePageSize(single(c.req.queries("max_page_size"), "max_page_size"));
    if (typeof pageSize === "object") refuse("max_page_size", pageSize.invalid);
    const pageToken = single(c.req.queries("page_token"), "page_token");
    const page = await listUsers(c.get("deps").db, caller.organizationId, { filter, pageSize, pageToken });
    const body = {
      results: page.users.map((u) => toUserJson(caller.organizationId, u)),
      ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
    };
    return c.json(body, 200, { "cache-control": "no-store" });
  });
}
