/** The feedback log: JSONL lines with the question, result ids and a keyed hash of the user id. */
import { createHash, createHmac } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FeedbackLog, readFeedback } from "../../src/discord/feedback.js";
import { loadInstallSecret, SECRET_FILE, userHasher } from "../../src/store/secret.js";
import { tempDir } from "../helpers/env.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("FeedbackLog", () => {
  it("given concurrent votes, then each becomes one whole JSON line with the user id under a keyed hash, never a plain sha256", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = path.join(tmp.dir, "nested", "feedback.jsonl");
    const secret = loadInstallSecret(tmp.dir);
    const log = new FeedbackLog(file, userHasher(secret));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        log.scoped({ guild: "1111111111111111111", session: `s${i}` }).record({
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
    const id = `1${"0".repeat(18)}`;
    expect(first.user).toBe(createHmac("sha256", secret).update(id).digest("hex"));
    expect(first.user).not.toBe(createHash("sha256").update(id).digest("hex"));
    expect(first).toMatchObject({ guild: "1111111111111111111", session: "s0" });
    expect(raw).not.toContain(id);
    expect((await readFeedback(file)).map((e) => e.question).sort()).toEqual(lines.map((l) => l.question).sort());
  });

  it("given no secret yet, then one is created once with mode 0600 and reused, so hashes are stable across restarts and differ between installations", () => {
    const a = tempDir();
    const b = tempDir();
    cleanup = () => {
      a.cleanup();
      b.cleanup();
    };
    const first = userHasher(loadInstallSecret(a.dir))("42");
    expect(statSync(path.join(a.dir, SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(userHasher(loadInstallSecret(a.dir))("42")).toBe(first);
    expect(userHasher(loadInstallSecret(b.dir))("42")).not.toBe(first);
  });

  it("given a feedback file with an old unsalted line and a torn last line, then the readable entries are read and nothing throws", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const file = path.join(tmp.dir, "feedback.jsonl");
    const old = {
      at: "2024-01-01T00:00:00.000Z",
      vote: "down",
      question: "old",
      resultIds: [],
      answered: true,
      mode: "lexical",
      user: "ab",
    };
    const { writeFileSync } = await import("node:fs");
    writeFileSync(file, `${JSON.stringify(old)}\n{"at": "2024-01-0`);
    expect(await readFeedback(file)).toEqual([old]);
    expect(await readFeedback(path.join(tmp.dir, "missing.jsonl"))).toEqual([]);
  });
});
