/**
 * Fixed-window limits on the doors people knock on: logging in, signing up and claiming. Counted in
 * the database (see services/rate-limit.ts), per client IP and, where there is one, per account. Wrong
 * passwords have their own growing delays per account and address (login-throttle.ts).
 */
export type Limit = { name: string; max: number; windowSeconds: number };

export const LIMITS = {
  loginPerIp: { name: "login:ip", max: 20, windowSeconds: 300 },
  signupPerIp: { name: "signup:ip", max: 10, windowSeconds: 3600 },
  claimPerIp: { name: "claim:ip", max: 30, windowSeconds: 600 },
  claimPerAccount: { name: "claim:account", max: 20, windowSeconds: 600 },
  // A verification mail on request (the account page's Resend): a few an hour, so nobody is flooded.
  // Second-step codes: six digits are guessable, so few tries per account and address.
  twoStepPerAccount: { name: "two-step:account", max: 5, windowSeconds: 300 },
  twoStepPerIp: { name: "two-step:ip", max: 20, windowSeconds: 300 },
  verificationPerAccount: { name: "verify:account", max: 5, windowSeconds: 3600 },
  /** Recovery link pages (a new password per link): like the claim pages, per address. */
  recoveryPerIp: { name: "recover:ip", max: 30, windowSeconds: 600 },
  /** OAuth client authentication attempts per address (client secrets are guessed only by trying). */
  oauthPerIp: { name: "oauth:ip", max: 60, windowSeconds: 60 },
  /** Tokens (and revocations) per OAuth client: a well-behaved client needs one every 15 minutes. */
  oauthPerClient: { name: "oauth:client", max: 120, windowSeconds: 60 },
} as const satisfies Record<string, Limit>;

/** No window lasts longer: rows that started before this are dead weight, for the sweeper to remove. */
export const LONGEST_LIMIT_WINDOW_SECONDS = Math.max(...Object.values(LIMITS).map((l) => l.windowSeconds));

/** Seconds until the window that started at `windowStart` ends. */
export function retryAfterSeconds(limit: Limit, windowStart: Date, now: Date): number {
  const ends = windowStart.getTime() + limit.windowSeconds * 1000;
  return Math.max(1, Math.ceil((ends - now.getTime()) / 1000));
}
