import type { Migration } from "kysely";
import * as initial from "./2026-11-22T1500_initial.js";
import * as sweepRuns from "./2026-11-22T1630_sweep_runs.js";
import * as accounts from "./2026-11-22T1640_accounts.js";
import * as invitations from "./2026-11-22T1720_invitations.js";
import * as ownerSetupExpiry from "./2026-11-30T1400_owner_setup_expiry.js";
import * as loginThrottle from "./2026-11-30T1410_login_throttle.js";
import * as teamLifecycle from "./2026-11-30T1440_team_lifecycle.js";
import * as auditAppendOnly from "./2026-11-30T1900_audit_append_only.js";
import * as scim from "./2026-11-30T1910_scim.js";
import * as mailOutbox from "./2026-11-30T1920_mail_outbox.js";
import * as organizationApiKeys from "./2026-11-30T1930_organization_api_keys.js";
import * as webhooks from "./2026-11-30T1940_webhooks.js";
import * as emailVerification from "./2026-11-30T1950_email_verification.js";
import * as seatCounts from "./2026-11-30T2000_seat_counts.js";
import * as oauthClients from "./2026-11-30T2010_oauth_clients.js";
import * as twoStep from "./2026-11-30T2020_two_step.js";
import * as recovery from "./2026-11-30T2300_recovery.js";
import * as requireTwoStep from "./2026-11-30T2310_require_two_step.js";
import * as auditCreatedBrin from "./2026-12-01T0500_audit_created_brin.js";

// Listed explicitly rather than read from disk, so the same migrations run on Workers (no filesystem).
// Names sort by their timestamp; add new files at the end.
export const migrations: Record<string, Migration> = {
  "2026-11-22T1500_initial": initial,
  "2026-11-22T1630_sweep_runs": sweepRuns,
  "2026-11-22T1640_accounts": accounts,
  "2026-11-22T1720_invitations": invitations,
  "2026-11-30T1400_owner_setup_expiry": ownerSetupExpiry,
  "2026-11-30T1410_login_throttle": loginThrottle,
  "2026-11-30T1440_team_lifecycle": teamLifecycle,
  "2026-11-30T1900_audit_append_only": auditAppendOnly,
  "2026-11-30T1910_scim": scim,
  "2026-11-30T1920_mail_outbox": mailOutbox,
  "2026-11-30T1930_organization_api_keys": organizationApiKeys,
  "2026-11-30T1940_webhooks": webhooks,
  "2026-11-30T1950_email_verification": emailVerification,
  "2026-11-30T2000_seat_counts": seatCounts,
  "2026-11-30T2010_oauth_clients": oauthClients,
  "2026-11-30T2020_two_step": twoStep,
  "2026-11-30T2300_recovery": recovery,
  "2026-11-30T2310_require_two_step": requireTwoStep,
  "2026-12-01T0500_audit_created_brin": auditCreatedBrin,
};
