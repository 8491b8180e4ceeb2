/**
 * `/reindex` tells the admin what happened without server paths or operator instructions: those stay in the log.
 * Real build (lexical: the model is missing, so the build warns with the model cache folder and what to set),
 * real Engines, real discord.js Client against the loopback fake.
 */
import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { withoutPaths } from "../../src/discord/commands/reindex.js";
import { EngineHolder } from "../../src/discord/engine-holder.js";
import { Engine } from "../../src/engine.js";
import { buildIndex } from "../../src/indexing/build-index.js";
import { silentLogger } from "../../src/log.js";
import { isOriginalEdit, Perm } from "../fakes/discord/fake-discord.ts";
import { copyCorpus, tempDir, testConfig } from "../helpers/env.js";
import { type RunningBot, startBot } from "./helpers.js";

const ADMINISTRATOR = Perm.Administrator.toString();

let cleanup: (() => void) | undefined;
let root: string;
let config: Config;
let holder: EngineHolder;
let running: RunningBot;

beforeAll(async () => {
  const t = tempDir("quotebot-reindex-privacy-");
  ({ dir: root, cleanup } = t);
  const corpus = copyCorpus(root);
  writeFileSync(path.join(corpus, "empty.md"), ""); // skipped with a reason naming the file
  config = testConfig(root, "offline", { COOLDOWN_SECONDS: "0" });
  await buildIndex({ config, log: silentLogger });
  holder = new EngineHolder(await Engine.open(config), { config, log: silentLogger });
  running = await startBot(config, holder);
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await holder?.close();
  cleanup?.();
});

/** Server paths and operator instructions a Discord user should not see. */
const PRIVATE = () => [root, config.embedding.cacheDir, config.corpusDir, "MODELS_DIR", "npm run", "MODEL_CACHE_DIR"];

describe("/reindex privacy", () => {
  it("given a rebuild that skips a file and warns about the missing model, when an admin runs /reindex, then the reply gives counts and no server path or operator instruction", async () => {
    const ix = running.fake.sendSlashCommand({ name: "reindex", permissions: ADMINISTRATOR });
    const done = (await running.fake.waitForRequest(isOriginalEdit(ix), 60_000)).body.content as string;
    expect(done).toMatch(/new index is serving/);
    expect(done).toMatch(/1 file was skipped and \d+ warnings? logged: the details are in the bot's log/);
    for (const secret of PRIVATE()) expect(done).not.toContain(secret);
  }, 90_000);

  it("given a rebuild that fails, when an admin runs /reindex, then the reason names the folder by its role, not its path", async () => {
    const moved = `${config.corpusDir}.away`;
    renameSync(config.corpusDir, moved);
    try {
      const ix = running.fake.sendSlashCommand({ name: "reindex", permissions: ADMINISTRATOR });
      const done = (await running.fake.waitForRequest(isOriginalEdit(ix), 60_000)).body.content as string;
      expect(done).toMatch(/previous index keeps serving/);
      expect(done).not.toContain(root);
    } finally {
      renameSync(moved, config.corpusDir);
    }
  }, 60_000);

  it("given text with configured folders and other absolute paths, then withoutPaths names the folders and keeps only a path's last part", () => {
    const text = `Cannot read ${config.corpusDir}/a.md; the model is not in ${config.embedding.cacheDir} or /opt/models/x.onnx.`;
    expect(withoutPaths(text, config)).toBe(
      "Cannot read the corpus folder/a.md; the model is not in the model cache or …/x.onnx.",
    );
  });
});
