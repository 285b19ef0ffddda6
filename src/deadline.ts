/** Bounding a wait: the one timer race the connect check, stalled reads and `/ready` share. */

/** `promise`'s outcome, or the error `late()` makes when it has not settled within `ms` (the timer is cleared). */
export async function withDeadline<T>(promise: PromiseLike<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
