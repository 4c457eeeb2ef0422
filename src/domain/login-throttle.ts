/**
 * Growing delays after wrong passwords (pure rules, tested without a database). Failures are counted
 * per account and address: an attacker's address slows down, the person's own does not. Failures of an
 * account from every address are counted too, with a higher allowance, and that delay spares the
 * addresses the account logged in from before.
 */
export const LOGIN_THROTTLE = {
  /** Wrong passwords from one address for one account before the first delay. */
  freePerAddress: 5,
  /** Wrong passwords for one account from all addresses before new addresses are delayed. */
  freePerAccount: 20,
  /** The longest delay. */
  maxDelaySeconds: 15 * 60,
  /** Failure counts are forgotten this long after the last failure. */
  forgetAfterSeconds: 24 * 3600,
  /** An address counts as the person's own for this long after a successful login from it. */
  knownAddressSeconds: 90 * 24 * 3600,
} as const;

/** Seconds to wait after the `failures`-th wrong password (0: none yet): 1, 2, 4, … capped at 15 min. */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(LOGIN_THROTTLE.maxDelaySeconds, 2 ** Math.min(failures - free, 20));
}
