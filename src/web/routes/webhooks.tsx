import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import type { Router } from "../../http/openapi.js";
import { organizationSummary } from "../../services/team/team-view.js";
import { listDeliveries, retryDelivery, testEndpoint } from "../../services/webhooks/deliveries.js";
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, rotateSecret, updateEndpoint } from "../../services/webhooks/endpoints.js";
import { isSubscription } from "../../domain/audit-catalogue.js";
import { form, page } from "../guards.js";
import { WebhookPage, WebhooksPage, WebhookSecretPage } from "../pages/webhooks.js";

const NOTICES: Record<string, string> = {
  tested: "Test event queued: it is sent at once; see its delivery below.",
  retried: "Delivery queued again: it is sent at once.",
  enabled: "Enabled.",
  disabled: "Disabled: nothing is sent to it until it is enabled again.",
  deleted: "Endpoint deleted.",
};

const AddForm = z.object({
  url: z.string().trim().min(1, "Enter the URL").max(2048),
  events: z.string().trim().min(1, "Name the events").max(2000),
  description: z.string().trim().max(500).optional(),
});

/** The Webhooks pages (endpoints, their deliveries, retry and test) for holders of manage_integrations. */
export function registerWebhookPages(app: Router) {
  const base = (orgId: string) => `/orgs/${orgId}/webhooks`;
  const one = (orgId: string, id: string, notice?: string) => `${base(orgId)}/${id}${notice ? `?notice=${notice}` : ""}`;

  app.get(
    "/orgs/:orgId/webhooks",
    page.member("manage_integrations", async (c, ctx) => {
      const deps = c.get("deps");
      const [organization, endpoints] = await Promise.all([
        organizationSummary(deps, ctx.actor.organizationId),
        listEndpoints(deps.db, ctx.actor.organizationId, { limit: 100 }),
      ]);
      const notice = NOTICES[c.req.query("notice") ?? ""];
      return c.html(<WebhooksPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} endpoints={endpoints.data} notice={notice} />);
    }),
  );

  app.post(
    "/orgs/:orgId/webhooks",
    form.member("manage_integrations", async (c, ctx, body) => {
      const deps = c.get("deps");
      const organization = await organizationSummary(deps, ctx.actor.organizationId);
      const parsed = AddForm.safeParse(body);
      const events = (body.events ?? "").split(",").map((e) => e.trim()).filter(Boolean);
      const wrong = events.find((e) => !isSubscription(e));
      const error = !parsed.success ? parsed.error.issues.map((i) => i.message).join("; ") : wrong ? `${wrong} is not an event type of the catalogue.` : null;
      const reshow = async (message: string) => {
        const endpoints = await listEndpoints(deps.db, ctx.actor.organizationId, { limit: 100 });
        return c.html(<WebhooksPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} endpoints={endpoints.data} error={message} form={body} />, 400);
      };
      if (error || !parsed.success) return reshow(error ?? "Check the form.");
      try {
        const { endpoint, secret } = await createEndpoint(deps, ctx, { url: parsed.data.url, events, description: parsed.data.description || null });
        return c.html(<WebhookSecretPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} endpoint={endpoint} secret={secret} rotated={false} />, 201);
      } catch (err) {
        if (err instanceof DomainError && err.code === "validation_failed") return reshow(err.message);
        throw err;
      }
    }),
  );

  app.get(
    "/orgs/:orgId/webhooks/:id",
    page.member("manage_integrations", async (c, ctx) => {
      const deps = c.get("deps");
      const orgId = ctx.actor.organizationId;
      const cursor = z.string().max(500).optional().catch(undefined).parse(c.req.query("cursor"));
      const [organization, endpoint, deliveries] = await Promise.all([
        organizationSummary(deps, orgId),
        getEndpoint(deps.db, orgId, c.req.param("id")!),
        listDeliveries(deps.db, orgId, c.req.param("id")!, { limit: 50, cursor }),
      ]);
      const notice = NOTICES[c.req.query("notice") ?? ""];
      return c.html(
        <WebhookPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} endpoint={endpoint} deliveries={deliveries.data} nextCursor={deliveries.nextCursor} notice={notice} />,
      );
    }),
  );

  app.post(
    "/orgs/:orgId/webhooks/:id/test",
    form.member("manage_integrations", async (c, ctx) => {
      await testEndpoint(c.get("deps"), ctx, c.req.param("id")!);
      return c.redirect(one(ctx.actor.organizationId, c.req.param("id")!, "tested"), 303);
    }),
  );

  app.post(
    "/orgs/:orgId/webhooks/:id/deliveries/:deliveryId/retry",
    form.member("manage_integrations", async (c, ctx) => {
      await retryDelivery(c.get("deps"), ctx, c.req.param("id")!, c.req.param("deliveryId")!);
      return c.redirect(one(ctx.actor.organizationId, c.req.param("id")!, "retried"), 303);
    }),
  );

  for (const [action, enabled] of [["enable", true], ["disable", false]] as const) {
    app.post(
      `/orgs/:orgId/webhooks/:id/${action}`,
      form.member("manage_integrations", async (c, ctx) => {
        await updateEndpoint(c.get("deps"), ctx, c.req.param("id")!, { enabled });
        return c.redirect(one(ctx.actor.organizationId, c.req.param("id")!, enabled ? "enabled" : "disabled"), 303);
      }),
    );
  }

  app.post(
    "/orgs/:orgId/webhooks/:id/rotate",
    form.member("manage_integrations", async (c, ctx) => {
      const deps = c.get("deps");
      const organization = await organizationSummary(deps, ctx.actor.organizationId);
      const { endpoint, secret } = await rotateSecret(deps, ctx, c.req.param("id")!);
      return c.html(<WebhookSecretPage user={c.get("user")!} csrfToken={c.get("csrfToken")} organization={organization} endpoint={endpoint} secret={secret} rotated />);
    }),
  );

  app.post(
    "/orgs/:orgId/webhooks/:id/delete",
    form.member("manage_integrations", async (c, ctx) => {
      await deleteEndpoint(c.get("deps"), ctx, c.req.param("id")!);
      return c.redirect(`${base(ctx.actor.organizationId)}?notice=deleted`, 303);
    }),
  );
}
