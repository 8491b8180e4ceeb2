/** The feedback log: JSONL lines with the question, result ids and a hashed user id. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FeedbackLog, hashUserId } from "../../src/discord/feedback.js";
import { tempDir } from "../helpers/env.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("FeedbackLog", () => {
  it("given concurrent votes, then each becomes one whole JSON line with the user id hashed", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = path.join(tmp.dir, "nested", "feedback.jsonl");
    const log = new FeedbackLog(file);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        log.record({
          vote: i % 2 ? "down" : "up",
          question: `q${i}`,
          resultIds: [`a#${i}`],
          answered: true,
          mode: "hybrid",
          userId: `1${String(i).padStart(18, "0")}`,
        }),
      ),
    );
    const raw = readFileSync(file, "utf8");
    const lines = raw
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(50);
    expect(new Set(lines.map((l) => l.question)).size).toBe(50);
    const first = lines.find((l) => l.question === "q0");
    expect(first.user).toBe(
      createHash("sha256")
        .update(`1${"0".repeat(18)}`)
        .digest("hex"),
    );
    expect(raw).not.toContain(`1${"0".repeat(18)}`);
    expect(hashUserId("x")).toHaveLength(64);
  });
});
