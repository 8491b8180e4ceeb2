/**
 * Importing pages from a loopback server: metadata from Open Graph and JSON-LD, redirects, and one clear line for
 * each kind of failure (404, timeout, too large, not HTML, robots.txt, no article text) while the rest go on.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import matter from "gray-matter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { importPages } from "../../src/import/import-pages.js";
import { createImporter } from "../../src/import/importer.js";
import { silentLogger } from "../../src/log.js";
import { tempDir, testConfig } from "../helpers/env.js";
import { articlePage, paragraphsAbout, redirect, serve, startServer, type TestServer } from "./server.js";

const HTML = "text/html; charset=utf-8";
let server: TestServer;
let cleanup: () => void;
let config: Config;
let hangingClosed: Promise<void>;
let bigSent = 0;
let bigClosedEarly: Promise<boolean>;

const page = (slug: string, title: string) =>
  articlePage({
    title,
    publisher: "Wombat Daily",
    author: "Ada Marsh",
    published: "2026-11-30T08:15:00Z",
    canonical: `https://news.example/${slug}`,
    paragraphs: paragraphsAbout(title, "was approved"),
  });

beforeAll(async () => {
  let closeHanging!: () => void;
  hangingClosed = new Promise((resolve) => {
    closeHanging = resolve;
  });
  let bigDone!: (early: boolean) => void;
  bigClosedEarly = new Promise((resolve) => {
    bigDone = resolve;
  });
  server = await startServer({
    "/robots.txt": serve("text/plain", "User-agent: *\nDisallow: /private/\n"),
    "/articles/otters": serve(HTML, page("otters", "Harbour otters get a new bridge")),
    "/hop1": redirect("/hop2", 301),
    "/hop2": redirect("/hop3", 302),
    "/hop3": redirect("/articles/badgers", 307),
    "/articles/badgers": serve(HTML, page("badgers", "Badger crossing opens under the ring road")),
    "/loop": redirect("/loop"),
    "/private/secret": serve(HTML, page("secret", "A page robots.txt keeps out")),
    "/report.pdf": serve("application/pdf", "%PDF-1.7 not really"),
    "/empty": serve(
      HTML,
      "<!doctype html><html><head><title>Nothing here</title></head><body><nav>Home</nav></body></html>",
    ),
    "/never": (req) => {
      // Accept the connection, then never answer.
      req.socket.on("close", () => closeHanging());
    },
    "/huge": (_req, res) => {
      res.writeHead(200, { "content-type": HTML });
      const chunk = Buffer.alloc(64 * 1024, "a");
      const total = 20 * 1024 * 1024;
      res.on("close", () => bigDone(bigSent < total));
      const pump = () => {
        while (bigSent < total) {
          bigSent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.write("<!doctype html><html><body><p>");
      pump();
    },
  });
  const t = tempDir();
  cleanup = t.cleanup;
  config = testConfig(t.dir, "offline", {
    IMPORT_ALLOW_PRIVATE_ADDRESSES: "true",
    IMPORT_HOST_DELAY_MS: "0",
    IMPORT_MAX_REDIRECTS: "4",
  });
});

afterAll(async () => {
  await server?.close();
  cleanup?.();
});

const run = (urls: string[]) => importPages(urls, createImporter(config, silentLogger));
const front = (file: string) => matter(readFileSync(path.join(config.corpusDir, file), "utf8"));

describe("importing a page", () => {
  it("given a page with Open Graph and JSON-LD metadata, then corpus/<slug>.md has its title, canonical url, date, author, publisher, source and fetch time", async () => {
    const result = await run([`${server.origin}/articles/otters`]);
    expect(result.skipped).toEqual([]);
    expect(result.imported).toHaveLength(1);
    const file = result.imported[0]!.file;
    expect(file).toBe("harbour-otters-get-a-new-bridge.md");
    const { data, content } = front(file);
    expect(data.title).toBe("Harbour otters get a new bridge");
    expect(data.url).toBe("https://news.example/otters");
    expect(data.published).toBe("2026-11-30T08:15:00Z");
    expect(data.author).toBe("Ada Marsh");
    expect(data.publisher).toBe("Wombat Daily");
    expect(data.source).toBe("web");
    expect(Number.isNaN(Date.parse(data.fetched))).toBe(false);
    expect(data.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(content).toContain("Harbour otters get a new bridge was approved");
    expect(content).not.toContain("Copyright");
    // Asked with a quotebot User-Agent, for compressed content (the server answered with brotli).
    const asked = server.requests.find((r) => r.path === "/articles/otters")!;
    expect(asked.headers["user-agent"]).toMatch(/quotebot/);
    expect(asked.headers["accept-encoding"]).toMatch(/br/);
  });

  it("given a page in windows-1252 that says so only in its meta tag, then its accents read correctly", async () => {
    const html = articlePage({
      title: "Café terrace wins its appeal",
      publisher: "Wombat Daily",
      author: "Zoë Marsh",
      published: "2026-11-29",
      canonical: "https://news.example/cafe",
      paragraphs: paragraphsAbout("The café terrace", "may stay open until ten"),
    }).replace('<meta charset="utf-8">', '<meta charset="windows-1252">');
    server.routes.set("/articles/cafe", (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(Buffer.from(html, "latin1"));
    });
    const result = await run([`${server.origin}/articles/cafe`]);
    expect(result.skipped).toEqual([]);
    expect(result.imported[0]).toMatchObject({ title: "Café terrace wins its appeal", author: "Zoë Marsh" });
  });

  it("given a chain of three redirects, then the final page is imported", async () => {
    const result = await run([`${server.origin}/hop1`]);
    expect(result.skipped).toEqual([]);
    expect(result.imported[0]!.title).toBe("Badger crossing opens under the ring road");
  });

  it("given the same page again, then it is not imported twice", async () => {
    const before = readdirSync(config.corpusDir).length;
    const result = await run([`${server.origin}/articles/otters`]);
    expect(result.imported).toEqual([]);
    expect(result.skipped[0]!.reason).toMatch(/already imported as harbour-otters-get-a-new-bridge\.md/);
    expect(readdirSync(config.corpusDir)).toHaveLength(before);
  });

  it("given the same text under another URL, then it is skipped as a duplicate", async () => {
    server.routes.set("/copy/otters", serve(HTML, page("otters-copy", "Harbour otters get a new bridge")));
    const result = await run([`${server.origin}/copy/otters`]);
    expect(result.imported).toEqual([]);
    expect(result.skipped[0]!.reason).toMatch(/same article text is already imported/);
  });

  it("given a file edited by hand after import, when the page changes and is imported again, then the file is not overwritten", async () => {
    const file = path.join(config.corpusDir, "badger-crossing-opens-under-the-ring-road.md");
    const edited = readFileSync(file, "utf8").replace("ring road", "ring road (corrected by the editor)");
    writeFileSync(file, edited);
    server.routes.set(
      "/articles/badgers",
      serve(
        HTML,
        articlePage({
          title: "Badger crossing opens under the ring road",
          publisher: "Wombat Daily",
          author: "Ada Marsh",
          published: "2026-11-30T08:15:00Z",
          canonical: "https://news.example/badgers",
          paragraphs: paragraphsAbout("The badger crossing", "was widened after the first week"),
        }),
      ),
    );
    const result = await run([`${server.origin}/articles/badgers`]);
    expect(result.imported).toEqual([]);
    expect(result.skipped[0]!.reason).toMatch(/edited by hand.*not overwritten/);
    expect(readFileSync(file, "utf8")).toBe(edited);
  });

  it("given a page that changed and a file nobody edited, then the file is updated in place", async () => {
    server.routes.set(
      "/articles/otters",
      serve(
        HTML,
        articlePage({
          title: "Harbour otters get a new bridge",
          publisher: "Wombat Daily",
          author: "Ada Marsh",
          published: "2026-11-30T08:15:00Z",
          canonical: "https://news.example/otters",
          paragraphs: paragraphsAbout("The otter bridge", "was painted green"),
        }),
      ),
    );
    const result = await run([`${server.origin}/articles/otters`]);
    expect(result.skipped).toEqual([]);
    expect(result.imported[0]).toMatchObject({ file: "harbour-otters-get-a-new-bridge.md", updated: true });
    expect(front("harbour-otters-get-a-new-bridge.md").content).toContain("was painted green");
  });
});

describe("failures: one clear line per URL, and the rest go on", () => {
  it("given a 404, a PDF, a page robots.txt disallows, a redirect loop and a page without article text, then each gets its own reason and a good page in the same run is imported", async () => {
    server.routes.set("/articles/newts", serve(HTML, page("newts", "Newt tunnel survives its first winter")));
    const o = server.origin;
    const result = await run([
      `${o}/missing`,
      `${o}/report.pdf`,
      `${o}/private/secret`,
      `${o}/loop`,
      `${o}/empty`,
      `${o}/articles/newts`,
      "ftp://example.com/file",
    ]);
    const reasons = Object.fromEntries(result.skipped.map((s) => [s.url.replace(o, ""), s.reason]));
    expect(reasons["/missing"]).toBe("HTTP 404 Not Found");
    expect(reasons["/report.pdf"]).toBe("not an HTML page (content type application/pdf)");
    expect(reasons["/private/secret"]).toBe("blocked by robots.txt");
    expect(reasons["/loop"]).toBe("more than 4 redirects");
    expect(reasons["/empty"]).toBe("no article text found");
    expect(reasons["ftp://example.com/file"]).toMatch(/only http and https/);
    expect(result.imported.map((a) => a.title)).toEqual(["Newt tunnel survives its first winter"]);
    // robots.txt was read once for the whole run, and the disallowed page was never requested.
    expect(server.requests.filter((r) => r.path === "/private/secret")).toEqual([]);
  });

  it("given a server that never answers, then the URL times out and its connection is closed", async () => {
    // A small total timeout for this test only; the others keep the default so a busy machine cannot fail them.
    const impatient = { ...config, import: { ...config.import, timeoutMs: 500 } };
    const result = await importPages([`${server.origin}/never`], createImporter(impatient, silentLogger));
    expect(result.skipped[0]!.reason).toBe("timed out after 0.5 s");
    await hangingClosed;
  });

  it("given a 20 MB page, then the download is aborted past the 5 MB cap and nothing is written", async () => {
    const before = readdirSync(config.corpusDir).sort();
    const result = await run([`${server.origin}/huge`]);
    expect(result.skipped[0]!.reason).toBe("too large (over 5 MB)");
    expect(await bigClosedEarly).toBe(true);
    expect(readdirSync(config.corpusDir).sort()).toEqual(before);
  });

  it("given every failure, then nothing half-written is left in the corpus folder", () => {
    expect(readdirSync(config.corpusDir).filter((n) => n.startsWith(".") || n.endsWith(".tmp"))).toEqual([]);
  });
});

describe("politeness per host", () => {
  it("given a limit of one request per host, when several pages of one host are imported, then they never overlap and all finish", async () => {
    let inFlight = 0;
    let most = 0;
    const slow = (title: string) => {
      const body = page(title.toLowerCase().replace(/\W+/g, "-"), title);
      return (_req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
        inFlight++;
        most = Math.max(most, inFlight);
        setTimeout(() => {
          inFlight--;
          res.writeHead(200, { "content-type": HTML });
          res.end(body);
        }, 30);
      };
    };
    const titles = ["Heron hide reopens", "Vole survey counts more voles", "Kestrel box cameras go live"];
    const polite = await startServer({
      "/robots.txt": slow("robots"),
      ...Object.fromEntries(titles.map((t, i) => [`/p/${i}`, slow(t)])),
    });
    try {
      const strict = testConfig(path.dirname(config.corpusDir), "offline", {
        IMPORT_ALLOW_PRIVATE_ADDRESSES: "true",
        IMPORT_HOST_DELAY_MS: "0",
        IMPORT_HOST_CONCURRENCY: "1",
      });
      const result = await importPages(
        titles.map((_, i) => `${polite.origin}/p/${i}`),
        createImporter(strict, silentLogger),
      );
      expect(result.imported.map((a) => a.title)).toEqual(titles);
      expect(most).toBe(1);
    } finally {
      await polite.close();
    }
  });

  it("given more pages of one host than the total timeout leaves room for at its request spacing, then none times out waiting for its turn", async () => {
    const titles = ["Tern colony doubles", "Seal pups counted", "Puffin burrows mapped", "Gannet nets cleared"];
    const spaced = await startServer(
      Object.fromEntries(titles.map((t, i) => [`/p/${i}`, serve(HTML, page(`spaced-${i}`, t))])),
    );
    try {
      // Four requests 1.1 s apart: the last starts after 3.3 s, past the 3 s total timeout if it counted the wait.
      const slowPaced = {
        ...config,
        import: { ...config.import, hostConcurrency: 1, hostDelayMs: 1100, timeoutMs: 3000 },
      };
      const result = await importPages(
        titles.map((_, i) => `${spaced.origin}/p/${i}`),
        createImporter(slowPaced, silentLogger),
      );
      expect(result.skipped).toEqual([]);
      expect(result.imported.map((a) => a.title)).toEqual(titles);
    } finally {
      await spaced.close();
    }
  }, 30_000);
});
