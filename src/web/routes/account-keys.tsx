import { z } from "zod";
import { DomainError } from "../../domain/errors.js";
import { actorContext } from "../../http/actor-context.js";
import type { Router } from "../../http/openapi.js";
import { createKey, MAX_ROLL_GRACE_SECONDS, revokeKey, rollKey } from "../../services/keys/keys.js";
import { keyOwnerFor, projectOwnerFor } from "../../services/team/access.js";
import { parseForm } from "../forms.js";
import { form } from "../guards.js";
import { KeyIssuedPage } from "../pages/key-issued.js";

const NewKeyForm = z.object({ name: z.string().trim().min(1, "Enter a name for the key").max(200) });
const RollForm = z.object({ gracePeriod: z.coerce.number().int().min(0).max(MAX_ROLL_GRACE_SECONDS).catch(0) });

/** The owner of a project manages its keys from the account page, with the same services as the API. */
export function registerAccountKeyPages(app: Router) {
  app.post(
    "/account/projects/:projectId/keys",
    form.user(async (c, user, form) => {
      const deps = c.get("deps");
      const parsed = parseForm(NewKeyForm, form);
      if (!parsed.ok) throw new DomainError("validation_failed", parsed.errors.map((e) => e.message).join("; "), { errors: parsed.errors });
      const owner = await projectOwnerFor(deps, user.id, c.req.param("projectId")!);
      const issued = await createKey(deps, actorContext(c, owner), { name: parsed.data.name });
      return c.html(<KeyIssuedPage user={user} csrfToken={c.get("csrfToken")} title="Key created" keyName={issued.row.name} secret={issued.secret} />, 201);
    }),
  );

  app.post(
    "/account/keys/:id/revoke",
    form.user(async (c, user) => {
      const deps = c.get("deps");
      const owner = await keyOwnerFor(deps, user.id, c.req.param("id")!);
      await revokeKey(deps, actorContext(c, owner), c.req.param("id")!);
      return c.redirect("/account?revoked=1", 303);
    }),
  );

  app.post(
    "/account/keys/:id/roll",
    form.user(async (c, user, form) => {
      const deps = c.get("deps");
      const grace = RollForm.parse(form).gracePeriod;
      const owner = await keyOwnerFor(deps, user.id, c.req.param("id")!);
      const rolled = await rollKey(deps, actorContext(c, owner), c.req.param("id")!, grace);
      const note = grace === 0 ? "The old key stopped working." : `The old key keeps working for ${grace / 3600} hour(s).`;
      return c.html(<KeyIssuedPage user={user} csrfToken={c.get("csrfToken")} title="Key rolled" keyName={rolled.next.row.name} secret={rolled.next.secret} note={note} />);
    }),
  );
}
