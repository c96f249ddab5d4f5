import { wallClockMs } from './clock';
import { DependencyError } from './errors';

/** Milliseconds of wall time left until `deadline` (never negative). */
export const remainingMs = (deadline: Date, now = wallClockMs()): number => Math.max(deadline.getTime() - now, 0);

/** Rejects with a `DependencyError` when `work` has not settled by `deadline`; the timer never outlives the race. */
export const withDeadline = async <T>(work: Promise<T>, deadline: Date, dependency = 'deadline'): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DependencyError(dependency, 'deadline passed')), remainingMs(deadline));
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
