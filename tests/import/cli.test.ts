/**
 * End to end through `npm run import`: a feed imported by the real CLI (its --json summary line), the incremental
 * build it runs, and a question about an imported article answered by the Engine with a quote cited by title,
 * publisher, date and link. Lexical index (real tokenizer, no weights): this tests the flow, not model quality.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../../src/engine.js";
import { REPO_ROOT, tempDir, testConfig, testEnv } from "../helpers/env.js";
import { articlePage, paragraphsAbout, rssFeed, serve, startServer, type TestServer } from "./server.js";

const exec = promisify(execFile);

/** Run `npm run import -- …args` as a child process; a non-zero exit is returned, not thrown. */
async function importCli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      ["--import", "tsx", path.join("scripts", "import.ts"), ...args],
      {
        cwd: REPO_ROOT,
        env,
      },
    );
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const failed = e as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}
const HTML = "text/html; charset=utf-8";
const TITLE = "Quillfeather aqueduct reopens to narrowboats";
let server: TestServer;
let t: ReturnType<typeof tempDir>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startServer({
    "/robots.txt": serve("text/plain", "User-agent: quotebot\nDisallow: /members/\n"),
    "/a/aqueduct": serve(
      HTML,
      articlePage({
        title: TITLE,
        publisher: "Canal Chronicle",
        author: "Iris Lock",
        published: "2026-10-12",
        canonical: "https://chronicle.example/aqueduct",
        paragraphs: paragraphsAbout("The Quillfeather aqueduct", "reopened to narrowboats after repairs"),
      }),
    ),
    "/a/lighthouse": serve(
      HTML,
      articlePage({
        title: "Gullrock lighthouse keeper retires",
        publisher: "Canal Chronicle",
        author: "Iris Lock",
        published: "2026-10-11",
        canonical: "https://chronicle.example/lighthouse",
        paragraphs: paragraphsAbout("The Gullrock lighthouse keeper", "retired after forty winters"),
      }),
    ),
    "/members/only": serve(HTML, "<html><title>x</title></html>"),
    "/feed.xml": serve(
      "application/rss+xml",
      rssFeed("Chronicle", [
        { link: "/a/aqueduct", pubDate: "Mon, 12 Oct 2026 07:00:00 GMT" },
        { link: "/a/lighthouse", pubDate: "Sun, 11 Oct 2026 07:00:00 GMT" },
        { link: "/members/only", pubDate: "Sat, 10 Oct 2026 07:00:00 GMT" },
        { link: "/a/gone", pubDate: "Fri, 09 Oct 2026 07:00:00 GMT" },
      ]),
    ),
  });
  t = tempDir();
  env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...testEnv(t.dir, "tokenizer-only", { IMPORT_ALLOW_PRIVATE_ADDRESSES: "true", IMPORT_HOST_DELAY_MS: "0" }),
  };
});

afterAll(async () => {
  await server?.close();
  t?.cleanup();
});

describe("npm run import", () => {
  it("given a feed, when imported with --json, then one summary line lists imported, skipped (with reasons), updated and the build, and the Engine quotes the article with its citation", async () => {
    const { stdout, stderr, code } = await importCli(["--feed", `${server.origin}/feed.xml`, "--json"]);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!);
    expect(summary.imported).toBe(2);
    expect(summary.updated).toBe(0);
    expect(summary.skipped).toEqual([
      { url: `${server.origin}/members/only`, reason: "blocked by robots.txt" },
      { url: `${server.origin}/a/gone`, reason: "HTTP 404 Not Found" },
    ]);
    expect(summary.build).toMatchObject({ articles: 2, mode: "lexical" });
    // One clear line per failed URL on stderr.
    expect(stderr).toContain(`skipped ${server.origin}/a/gone: HTTP 404 Not Found`);

    const config = testConfig(t.dir, "tokenizer-only");
    const engine = await Engine.open(config);
    try {
      const answer = await engine.ask("When did the Quillfeather aqueduct reopen to narrowboats?");
      expect(answer.answered).toBe(true);
      const top = answer.results[0]!;
      expect(top.quote.text).toMatch(/Quillfeather aqueduct reopened to narrowboats/);
      expect(top.passage.article).toMatchObject({
        title: TITLE,
        publisher: "Canal Chronicle",
        published: "2026-10-12",
        url: "https://chronicle.example/aqueduct",
      });
    } finally {
      await engine.close();
    }
  }, 120_000);

  it("given the same feed again, then nothing is imported twice, no build runs, and the run fails for the URLs that failed", async () => {
    const { stdout, code } = await importCli(["--feed", `${server.origin}/feed.xml`, "--json"]);
    expect(code).toBe(1);
    const summary = JSON.parse(stdout.trim());
    expect(summary).toMatchObject({ imported: 0, updated: 0, build: null });
    expect(summary.skipped.filter((s: { reason: string }) => /already imported/.test(s.reason))).toHaveLength(2);
  }, 120_000);

  it("given no URL, then it exits with a usage error", async () => {
    const { stderr, code } = await importCli([]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/give at least one URL/);
  }, 60_000);
});
