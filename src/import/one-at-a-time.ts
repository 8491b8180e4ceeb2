/**
 * In one process, one import at a time: the feed watch and `/import` take turns, so two of them never decide about
 * the same file at once. (Builds have their own lock, across processes.)
 */
let tail: Promise<unknown> = Promise.resolve();

export function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const next = tail.then(task, task);
  tail = next.catch(() => undefined);
  return next;
}
