import type { Clock } from "../../src/deps.js";

/** A clock tests move by hand instead of sleeping. Milliseconds only, like the database keeps them. */
export class TestClock implements Clock {
  private current: number;
  constructor(start = new Date("2026-11-22T12:00:00.000Z")) {
    this.current = start.getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date): void {
    this.current = at.getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
  advanceSeconds(s: number): void {
    this.advance(s * 1000);
  }
}
