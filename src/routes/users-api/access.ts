import type { Context } from "hono";
import { DomainError } from "../../domain/errors.js";
import { SCOPE_PERMISSION, type Needed } from "../../domain/team-scopes.js";
import { teamCredential } from "../../http/auth.js";
import type { AppEnv } from "../../http/env.js";
import { assertCredentialMay } from "../../services/team/credential-standing.js";
import type { UsersApiCaller } from "../../services/users-api/users.js";

export type UsersScope = "users.list" | "users.get" | "users.suspend" | "users.reactivate";

const ACCOUNT_ID = /^org_[0-9A-Za-z]{1,60}$/;

const invalid = (path: string, message: string, detail: string) => new DomainError("validation_failed", detail, { errors: [{ path, message }] });

/**
 * Who may call a Users API operation, checked in the order the answers reveal least: a User-Agent
 * (1Password refuses requests without one), then a bearer credential — an OAuth access token or an
 * organization API key — counted against the rate limits, then the account (another organization's
 * is NOT_FOUND, like any id the caller cannot see), then the operation's scope and the permission
 * behind it, which the credential's creator must still hold.
 */
export async function usersApiCaller(c: Context<AppEnv>, scope: UsersScope): Promise<UsersApiCaller> {
  if (!c.req.header("user-agent")?.trim()) {
    throw invalid("header.user-agent", "Required", "Send a User-Agent header naming your integration and its version, e.g. `AcmeSOAR/1.2`.");
  }
  const caller = await teamCredential(c, c.req.header("authorization"));
  const accountId = c.req.param("account_id") ?? "";
  if (!ACCOUNT_ID.test(accountId)) throw invalid("param.account_id", "must be an org_… id", "account_id must be an organization id (org_…).");
  if (accountId !== caller.organizationId) throw new DomainError("not_found", "No such account.");
  await assertCredentialMay(c.get("deps").db, caller, SCOPE_PERMISSION[scope] as Needed, scope);
  return caller;
}

const USER_ID = /^usr_[0-9A-Za-z]{1,60}$/;

/** The user_id path segment (`usr_…`), without the custom method suffix (`:suspend`) when there is one. */
export function userIdParam(c: Context<AppEnv>, suffix = ""): string {
  const raw = c.req.param("user_id") ?? "";
  const id = suffix && raw.endsWith(suffix) ? raw.slice(0, -suffix.length) : raw;
  if (!USER_ID.test(id)) throw invalid("param.user_id", "must be a usr_… id", "user_id must be a user id (usr_…).");
  return id;
}
