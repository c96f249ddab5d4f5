import { AsyncLocalStorage } from 'node:async_hooks';

/** Injectable time source: production reads the system clock, tests freeze it. */
export interface Clock {
  now(): Date;
}

const simulated = new AsyncLocalStorage<Clock>();

/**
 * The real time, except inside {@link withClock}: the local flow simulator and console run a call
 * "on a holiday" or "after hours" by running the real handlers inside a simulated clock. Nothing in
 * AWS calls `withClock`, so there it is always `new Date()`.
 */
export const systemClock: Clock = { now: () => simulated.getStore()?.now() ?? new Date() };

/**
 * The machine's own time in milliseconds, ignoring any simulated clock. Only for measuring elapsed
 * time against latency budgets (remote calls time out in real time) and for protocol timestamps;
 * anything dated in business time (records, TTLs, slots, hours) takes a {@link Clock}. The lint rule
 * `no-restricted-syntax` allows reading the system time only in this module.
 */
export const wallClockMs = (): number => Date.now();

/** Runs `fn` (and everything it awaits) with `systemClock` reading `clock`. */
export const withClock = <T>(clock: Clock, fn: () => T): T => simulated.run(clock, fn);

/** A clock that stays where it is put; `advance` moves it (tests, simulators). */
export class FixedClock implements Clock {
  #ms: number;
  constructor(at: Date | string) {
    this.#ms = new Date(at).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}
