import { createRoute, z } from "@hono/zod-openapi";
import { contextOf } from "../../domain/actors.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { CursorOut, errorResponses, idParam, jsonBody, jsonResponse, PaginationQuery, teamSecurity, type Router } from "../../http/openapi.js";
import { idOf } from "../../http/schemas.js";
import { listDeliveries, retryDelivery, testEndpoint } from "../../services/webhooks/deliveries.js";
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, rotateSecret, updateEndpoint } from "../../services/webhooks/endpoints.js";
import {
  CreateWebhookBody,
  DeliverySchema,
  DeliveryStatusSchema,
  RotateSecretBody,
  toDeliveryJson,
  toWebhookJson,
  UpdateWebhookBody,
  WebhookSchema,
  WebhookWithSecretSchema,
} from "./schemas.js";

const tags = ["Webhooks"];
const security = teamSecurity;
const manage = requireTeamPermission("manage_integrations");
const DeliveryParams = idParam("whk").extend({ deliveryId: idOf("msg").openapi({ param: { name: "deliveryId", in: "path" } }) });

const create = createRoute({
  operationId: "createWebhook",
  method: "post",
  path: "/v1/team/webhooks",
  tags,
  summary: "Add a webhook endpoint; its signing secret is in this answer only",
  description: "Needs `manage_integrations`. Deliveries are signed as Standard Webhooks says (webhook-id, webhook-timestamp, webhook-signature).",
  security,
  middleware: [manage] as const,
  request: jsonBody(CreateWebhookBody),
  responses: { 201: jsonResponse(WebhookWithSecretSchema, "The endpoint and its secret (shown once)"), ...errorResponses(400, 401, 403, 503) },
});

const list = createRoute({
  operationId: "listWebhooks",
  method: "get",
  path: "/v1/team/webhooks",
  tags,
  summary: "The organization's webhook endpoints, newest first",
  description: "Needs `manage_integrations`. Secrets are never listed.",
  security,
  middleware: [manage] as const,
  request: { query: PaginationQuery },
  responses: { 200: jsonResponse(z.object({ data: z.array(WebhookSchema).max(100), nextCursor: CursorOut }).openapi("WebhookList"), "A page of endpoints"), ...errorResponses(400, 401, 403) },
});

const get = createRoute({
  operationId: "getWebhook",
  method: "get",
  path: "/v1/team/webhooks/{id}",
  tags,
  summary: "One webhook endpoint",
  description: "Needs `manage_integrations`.",
  security,
  middleware: [manage] as const,
  request: { params: idParam("whk") },
  responses: { 200: jsonResponse(WebhookSchema, "The endpoint"), ...errorResponses(400, 401, 403, 404) },
});

const update = createRoute({
  operationId: "updateWebhook",
  method: "patch",
  path: "/v1/team/webhooks/{id}",
  tags,
  summary: "Change an endpoint's URL, events, description, or enable/disable it",
  description: "Needs `manage_integrations`. Enabling an endpoint the server disabled clears its failure record.",
  security,
  middleware: [manage] as const,
  request: { params: idParam("whk"), ...jsonBody(UpdateWebhookBody) },
  responses: { 200: jsonResponse(WebhookSchema, "The endpoint"), ...errorResponses(400, 401, 403, 404) },
});

const remove = createRoute({
  operationId: "deleteWebhook",
  method: "delete",
  path: "/v1/team/webhooks/{id}",
  tags,
  summary: "Delete an endpoint and its deliveries",
  description: "Needs `manage_integrations`.",
  security,
  middleware: [manage] as const,
  request: { params: idParam("whk") },
  responses: { 204: { description: "Deleted" }, ...errorResponses(400, 401, 403, 404) },
});

const rotate = createRoute({
  operationId: "rotateWebhookSecret",
  method: "post",
  path: "/v1/team/webhooks/{id}/rotate-secret",
  tags,
  summary: "A new signing secret (shown once); the old one keeps signing beside it during the overlap",
  description: "Needs `manage_integrations`. During the overlap every delivery carries two `v1,` signatures.",
  security,
  middleware: [manage] as const,
  request: { params: idParam("whk"), ...jsonBody(RotateSecretBody, false) },
  responses: { 200: jsonResponse(WebhookWithSecretSchema, "The endpoint and its new secret"), ...errorResponses(400, 401, 403, 404, 503) },
});

const deliveries = createRoute({
  operationId: "listWebhookDeliveries",
  method: "get",
  path: "/v1/team/webhooks/{id}/deliveries",
  tags,
  summary: "An endpoint's deliveries, newest first: status, attempts, response status, duration, next attempt",
  description: "Needs `manage_integrations`.",
  security,
  middleware: [manage] as const,
  request: { params: idParam("whk"), query: PaginationQuery.extend({ status: DeliveryStatusSchema.optional() }) },
  responses: {
    200: jsonResponse(z.object({ data: z.array(DeliverySchema).max(100), nextCursor: CursorOut }).openapi("WebhookDeliveryList"), "A page of deliveries"),
    ...errorResponses(400, 401, 403, 404),
  },
});

const retry = createRoute({
  operationId: "retryWebhookDelivery",
  method: "post",
  path: "/v1/team/webhooks/{id}/deliveries/{deliveryId}/retry",
  tags,
  summary: "Attempt a delivery again now, with its same webhook-id and body",
  description: "Needs `manage_integrations`. 409 `webhook_delivery_in_flight` while an attempt is running; 409 `webhook_disabled` for a disabled endpoint.",
  security,
  middleware: [manage] as const,
  request: { params: DeliveryParams },
  responses: { 202: jsonResponse(DeliverySchema, "Queued; the attempt follows at once"), ...errorResponses(400, 401, 403, 404, 409) },
});

const test = createRoute({
  operationId: "testWebhook",
  method: "post",
  path: "/v1/team/webhooks/{id}/test",
  tags,
  summary: "Send a signed `webhook.tested` event to this endpoint",
  description: "Needs `manage_integrations`. Goes to this endpoint whatever it subscribes to.",
  security,
  middleware: [manage] as const,
  request: { params: idParam("whk") },
  responses: { 202: jsonResponse(DeliverySchema, "Queued; the attempt follows at once"), ...errorResponses(400, 401, 403, 404, 409) },
});

export function registerWebhookRoutes(app: Router) {
  const ctxOf = (c: Parameters<typeof teamOf>[0]) => contextOf(teamOf(c), c.get("requestId"));
  app.openapi(create, async (c) => {
    const { endpoint, secret } = await createEndpoint(c.get("deps"), ctxOf(c), c.req.valid("json"));
    return c.json({ ...toWebhookJson(endpoint), secret }, 201);
  });
  app.openapi(list, async (c) => {
    const page = await listEndpoints(c.get("deps").db, teamOf(c).organizationId, c.req.valid("query"));
    return c.json({ data: page.data.map(toWebhookJson), nextCursor: page.nextCursor }, 200);
  });
  app.openapi(get, async (c) => c.json(toWebhookJson(await getEndpoint(c.get("deps").db, teamOf(c).organizationId, c.req.valid("param").id)), 200));
  app.openapi(update, async (c) => c.json(toWebhookJson(await updateEndpoint(c.get("deps"), ctxOf(c), c.req.valid("param").id, c.req.valid("json"))), 200));
  app.openapi(remove, async (c) => {
    await deleteEndpoint(c.get("deps"), ctxOf(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
  app.openapi(rotate, async (c) => {
    const body = c.req.valid("json") ?? {};
    const { endpoint, secret } = await rotateSecret(c.get("deps"), ctxOf(c), c.req.valid("param").id, body.overlapSeconds);
    return c.json({ ...toWebhookJson(endpoint), secret }, 200);
  });
  app.openapi(deliveries, async (c) => {
    const page = await listDeliveries(c.get("deps").db, teamOf(c).organizationId, c.req.valid("param").id, c.req.valid("query"));
    return c.json({ data: page.data.map(toDeliveryJson), nextCursor: page.nextCursor }, 200);
  });
  app.openapi(retry, async (c) => {
    const { id, deliveryId } = c.req.valid("param");
    return c.json(toDeliveryJson(await retryDelivery(c.get("deps"), ctxOf(c), id, deliveryId)), 202);
  });
  app.openapi(test, async (c) => c.json(toDeliveryJson(await testEndpoint(c.get("deps"), ctxOf(c), c.req.valid("param").id)), 202));
}
