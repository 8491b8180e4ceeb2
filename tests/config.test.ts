import { describe, expect, it } from "vitest";
import { loadConfig, modelDefaults } from "../src/config.js";
import { ErrorCode, QuotebotError } from "../src/errors.js";

const load = (env: Record<string, string>) => loadConfig({ env, cwd: "/srv/quotebot", dotenv: false });

describe("loadConfig", () => {
  it("given an empty environment then it uses the documented defaults, resolved against cwd", () => {
    const c = load({});
    expect(c.corpusDir).toBe("/srv/quotebot/corpus");
    expect(c.indexDir).toBe("/srv/quotebot/data/index");
    expect(c.embedding.model).toBe("Xenova/all-MiniLM-L6-v2");
    expect(c.embedding.dtype).toBe("q8");
    expect(c.embedding.pooling).toBe("mean");
    expect(c.embedding.queryPrefix).toBe("");
    expect(c.embedding.allowRemote).toBe(true);
    expect(c.embedding.threads).toBe(0);
    expect(c.embedding.queryThreads).toBe(1);
    expect(c.discord.token).toBeUndefined();
  });

  it("given empty variables (a blanked .env.example) then each acts as if it were unset", () => {
    const blank = load({ CORPUS_DIR: "", INDEX_DIR: " ", EMBEDDING_MODEL: "", ANSWER_TOP_K: "", DISCORD_TOKEN: "" });
    expect(blank).toEqual(load({}));
  });

  it("given an empty variable in the environment and a value in .env then the .env value applies", async () => {
    const { mkdtemp, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(`${tmpdir()}/qb-config-`);
    await writeFile(`${dir}/.env`, "INDEX_DIR=elsewhere\nCORPUS_DIR=\n");
    const c = loadConfig({ env: { INDEX_DIR: "" }, cwd: dir, dotenv: true });
    expect(c.indexDir).toBe(`${dir}/elsewhere`);
    expect(c.corpusDir).toBe(`${dir}/corpus`);
  });

  it("given a bge model then pooling is CLS with the retrieval instruction", () => {
    const c = load({ EMBEDDING_MODEL: "Xenova/bge-small-en-v1.5" });
    expect(c.embedding.pooling).toBe("cls");
    expect(c.embedding.queryPrefix).toMatch(/^Represent this sentence/);
  });

  it("given QUERY_ONNX_THREADS then only the query embedder's thread count changes", () => {
    const c = load({ QUERY_ONNX_THREADS: "2" });
    expect(c.embedding.queryThreads).toBe(2);
    expect(c.embedding.threads).toBe(0);
    expect(() => load({ QUERY_ONNX_THREADS: "-1" })).toThrow(/QUERY_ONNX_THREADS/);
  });

  it("given a MiniLM model then pooling is mean and there is no query prefix", () => {
    const c = load({ EMBEDDING_MODEL: "Xenova/all-MiniLM-L6-v2" });
    expect(c.embedding.pooling).toBe("mean");
    expect(c.embedding.queryPrefix).toBe("");
  });

  it("given explicit pooling and prefix then they override the model defaults", () => {
    const c = load({ EMBEDDING_POOLING: "mean", EMBEDDING_QUERY_PREFIX: "query: " });
    expect(c.embedding.pooling).toBe("mean");
    expect(c.embedding.queryPrefix).toBe("query: ");
  });

  it("given an invalid number then it throws CONFIG_INVALID naming the variable", () => {
    let error: unknown;
    try {
      load({ ANSWER_TOP_K: "lots" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QuotebotError);
    expect((error as QuotebotError).code).toBe(ErrorCode.ConfigInvalid);
    expect((error as QuotebotError).message).toContain("ANSWER_TOP_K");
  });

  it("given boolean words then they parse", () => {
    expect(load({ REPLY_IN_THREAD: "yes", ALLOW_REMOTE_MODELS: "0" }).discord.replyInThread).toBe(true);
    expect(load({ ALLOW_REMOTE_MODELS: "false" }).embedding.allowRemote).toBe(false);
  });

  it("given a blank DISCORD_TOKEN then the token is treated as missing", () => {
    expect(load({ DISCORD_TOKEN: "   " }).discord.token).toBeUndefined();
  });
});

describe("modelDefaults", () => {
  it("given bge models then CLS pooling; only English bge gets the English instruction", () => {
    expect(modelDefaults("BAAI/bge-small-en-v1.5")).toMatchObject({ pooling: "cls" });
    expect(modelDefaults("BAAI/bge-small-en-v1.5").queryPrefix).not.toBe("");
    expect(modelDefaults("Xenova/bge-small-zh-v1.5").queryPrefix).toBe("");
    expect(modelDefaults("Xenova/gte-small")).toEqual({ pooling: "mean", queryPrefix: "" });
  });
});
