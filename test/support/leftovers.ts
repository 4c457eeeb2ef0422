import type { TestContext } from "./context.js";

/** What is left of a provision's resources: all zeros once cancelled or swept. */
export async function leftoversOf(ctx: TestContext, p: { userId: string; projectId: string }) {
  const [users, memberships, projects, agents, keys] = await Promise.all([
    ctx.db.selectFrom("users").select("id").where("id", "=", p.userId).execute(),
    ctx.db.selectFrom("memberships").select("user_id").where("user_id", "=", p.userId).execute(),
    ctx.db.selectFrom("projects").select("id").where("id", "=", p.projectId).execute(),
    ctx.db.selectFrom("agents").select("id").where("project_id", "=", p.projectId).execute(),
    ctx.db.selectFrom("api_keys").select("id").where("project_id", "=", p.projectId).execute(),
  ]);
  return { users: users.length, memberships: memberships.length, projects: projects.length, agents: agents.length, keys: keys.length };
}
