import { describe, expect, it } from "vitest";
import { HandoffError } from "../../sdk/src/index.js";
import { acceptRecovery } from "../../src/services/accounts/recovery-link.js";
import { useTestContext } from "../support/context.js";
import { org, type Org } from "../support/factories.js";
import { addMember, visitor } from "../support/members.js";
import { claimedPerson, loginOutcome, recoveryTokenOf } from "../support/recovery.js";
import { runCli, sdk } from "./support.js";

const ctx = useTestContext();

const handoff = (o: Org, ...args: string[]) => runCli(ctx, o.adminKey, args);

describe("account recovery from the SDK and the CLI", () => {
  it("SDK: beginRecovery → (the person sets a password) → completeRecovery; cancelRecovery; refusals as HandoffError", async () => {
    const o = await org(ctx);
    const admin = sdk(ctx, { apiKey: o.adminKey, maxRetries: 0 });
    const p = await claimedPerson(ctx, o);
    const q = await claimedPerson(ctx, o);
    const { results } = await admin.members.beginRecovery([p.userId, q.userId, "usr_nobody"]);
    expect(results.map((r) => ("error" in r ? r.error.code : r.state))).toEqual(["recovery_started", "recovery_started", "not_found"]);
    const first = results[0]!;
    if ("error" in first || !first.recoveryUrl) throw new Error("no link");
    await expect(admin.members.completeRecovery(p.userId)).rejects.toMatchObject({ status: 409, code: "recovery_not_accepted" });
    await acceptRecovery(ctx.deps, visitor, recoveryTokenOf(first.recoveryUrl), "sdk new password 1");
    expect((await admin.members.completeRecovery(p.userId)).state).toBe("active");
    expect(await loginOutcome(ctx, p.email, "sdk new password 1")).toBe("ok");
    expect((await admin.members.cancelRecovery(q.userId)).state).toBe("active");
    const refused = await admin.members.cancelRecovery(q.userId).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HandoffError);
    expect(refused).toMatchObject({ code: "member_not_in_recovery" });
  });

  it("CLI: user recovery begin <user>… (by id or email), complete, cancel; a refusal exits 1", async () => {
    const o = await org(ctx);
    const p = await claimedPerson(ctx, o);
    const q = await claimedPerson(ctx, o);
    const owner = await addMember(ctx, o, { role: "owner" });
    const begun = await handoff(o, "user", "recovery", "begin", p.userId, q.email);
    expect(begun.code, begun.stderr).toBe(0);
    expect(begun.stdout).toMatch(/^USER\s+OUTCOME\s+LINK OR REASON/);
    expect(begun.stdout).toMatch(new RegExp(`${p.userId}\\s+recovery_started\\s+http://handoff\\.test/recover/`));
    const link = /http:\/\/handoff\.test\/recover\/\S+/.exec(begun.stdout.split("\n").find((l) => l.startsWith(p.userId))!)![0];
    await acceptRecovery(ctx.deps, visitor, recoveryTokenOf(link), "cli new password 1");
    const done = await handoff(o, "user", "recovery", "complete", p.email);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`Recovery completed for ${p.email}: active.`);
    const cancelled = await handoff(o, "user", "recovery", "cancel", q.userId, "--json");
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ userId: q.userId, state: "active" });

    // The owner is recovered by the server's key (it acts as an owner); someone unknown is refused: exit 1.
    const mixed = await handoff(o, "user", "recovery", "begin", owner.userId, "usr_nobody", "--json");
    expect(mixed.code).toBe(1);
    expect(JSON.parse(mixed.stdout).results.map((r: any) => r.state ?? r.error.code)).toEqual(["recovery_started", "not_found"]);

    const tooMany = await handoff(o, "user", "recovery", "begin", ...Array.from({ length: 11 }, (_, i) => `usr_x${i}`));
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain("unexpected argument");
    const help = await handoff(o, "user", "--help");
    expect(help.stdout).toContain("user recovery begin <user> …");
    expect((await handoff(o, "user", "recovery", "complete")).code).toBe(2);
  });
});
