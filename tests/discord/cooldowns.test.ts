/** The per-user cooldown. */
import { describe, expect, it } from "vitest";
import { Cooldowns, slowDownMessage } from "../../src/discord/cooldowns.js";

describe("Cooldowns", () => {
  it("given zero seconds, then every request passes", () => {
    const c = new Cooldowns(0);
    for (let i = 0; i < 5; i++) expect(c.take("u").ok).toBe(true);
  });

  it("given a cooldown, then a second request waits until it ends, per user", () => {
    let now = 1_000;
    const c = new Cooldowns(5, () => now);
    expect(c.take("u").ok).toBe(true);
    now += 2_000;
    expect(c.take("u")).toEqual({ ok: false, retryAfterMs: 3_000 });
    expect(c.take("v").ok).toBe(true);
    now += 3_000;
    expect(c.take("u").ok).toBe(true);
  });

  it("given a wait, then the message is polite and rounds up to whole seconds", () => {
    expect(slowDownMessage(1_200)).toBe("Slow down a little, please — you can ask again in 2 seconds.");
    expect(slowDownMessage(10)).toContain("1 second.");
  });
});
