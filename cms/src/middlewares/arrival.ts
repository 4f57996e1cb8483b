/**
 * Notes when a request reached the CMS, before anything else waits on the database: the bound on
 * a registration's wait for its turn (`registration/queue.ts`) counts from here, so time spent
 * queued behind others' permission checks and rate-limit counts is counted too.
 */
interface Context {
  state: Record<string, unknown>;
}

export default () => {
  return async (ctx: Context, next: () => Promise<void>) => {
    ctx.state.arrivedAt = Date.now();
    return next();
  };
};
