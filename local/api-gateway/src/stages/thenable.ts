/** Runs `then` at once on a plain value and after settling on a promise: hot paths await only when they must. */
export function whenReady<T>(value: T | Promise<T>, then: (v: T) => void, fail: (err: Error) => void): void {
  if (value !== null && typeof value === 'object' && typeof (value as Promise<T>).then === 'function') {
    (value as Promise<T>).then(then, (err: unknown) => {
      fail(err instanceof Error ? err : new Error(String(err)));
    });
  } else {
    then(value as T);
  }
}
