/**
 * Per-user cooldown for the commands that query the index. Zero seconds turns it off. The length can be given per
 * call, because each server may set its own (/settings cooldown).
 */

export type CooldownCheck = { ok: true } | { ok: false; retryAfterMs: number };

export class Cooldowns {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take a slot for `userId` if it is free; otherwise say how long to wait. */
  take(userId: string, seconds: number = this.seconds): CooldownCheck {
    if (seconds <= 0) return { ok: true };
    const now = this.now();
    const until = this.until.get(userId);
    if (until !== undefined && until > now) return { ok: false, retryAfterMs: until - now };
    this.until.set(userId, now + seconds * 1000);
    // Forget expired entries now and then so the map cannot grow without bound.
    if (this.until.size > 1000) for (const [id, t] of this.until) if (t <= now) this.until.delete(id);
    return { ok: true };
  }
}

/** The polite refusal shown while a user is cooling down. */
export function slowDownMessage(retryAfterMs: number): string {
  const s = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `Slow down a little, please — you can ask again in ${s} second${s === 1 ? "" : "s"}.`;
}
