/**
 * Feeds: RSS 2.0, Atom and JSON Feed entries imported newest first up to a limit, and a watched feed polled with
 * conditional requests (the second poll gets a 304 and fetches nothing else).
 */
import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config.js";
import { parseFeedEntries } from "../../src/import/feed.js";
import { importFeeds } from "../../src/import/import-feeds.js";
import { createImporter } from "../../src/import/importer.js";
import { pollFeeds } from "../../src/import/watch.js";
import { silentLogger } from "../../src/log.js";
import { tempDir, testConfig } from "../helpers/env.js";
import { articlePage, atomFeed, paragraphsAbout, rssFeed, serve, startServer, type TestServer } from "./server.js";

const HTML = "text/html; charset=utf-8";
const SUBJECTS = ["Ferry timetable", "Library roof", "Tram depot", "Skate park", "Orchard lease"];
let server: TestServer;
let cleanup: () => void;
let config: Config;

const titleOf = (i: number) => `${SUBJECTS[i]} decision announced`;

beforeAll(async () => {
  const routes: Parameters<typeof startServer>[0] = {};
  SUBJECTS.forEach((subject, i) => {
    routes[`/news/${i}`] = serve(
      HTML,
      articlePage({
        title: titleOf(i),
        publisher: "Harbour Herald",
        author: "Sam Reed",
        published: `2026-11-0${i + 1}`,
        canonical: `https://herald.example/news/${i}`,
        paragraphs: paragraphsAbout(subject, "was settled"),
      }),
    );
  });
  // Dates out of order on purpose: entries are imported newest first whatever the feed's order.
  routes["/rss.xml"] = serve(
    "application/rss+xml",
    rssFeed("Herald", [
      { link: "/news/0", pubDate: "Sun, 01 Nov 2026 09:00:00 GMT" },
      { link: "/news/2", pubDate: "Tue, 03 Nov 2026 09:00:00 GMT" },
      { link: "/news/1", pubDate: "Mon, 02 Nov 2026 09:00:00 GMT" },
    ]),
  );
  routes["/atom.xml"] = serve(
    "application/atom+xml",
    atomFeed("Herald", [
      { href: "/news/3", updated: "2026-11-04T09:00:00Z" },
      { href: "/news/4", updated: "2026-11-05T09:00:00Z" },
    ]),
  );
  const ETAG = '"v1"';
  routes["/watched.xml"] = (req, res) => {
    if (req.headers["if-none-match"] === ETAG) {
      res.writeHead(304, { etag: ETAG });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "application/rss+xml", etag: ETAG });
    res.end(rssFeed("Watched", [{ link: "/news/4", pubDate: "Thu, 05 Nov 2026 09:00:00 GMT" }]));
  };
  let flakyCalls = 0;
  const flakyPage = articlePage({
    title: "Pier lamps restored after the storm",
    publisher: "Harbour Herald",
    author: "Sam Reed",
    published: "2026-11-06",
    canonical: "https://herald.example/news/pier",
    paragraphs: paragraphsAbout("The pier lamps", "were restored after the storm"),
  });
  routes["/news/pier"] = (req, res) => {
    // Down on the first request, fine afterwards.
    if (flakyCalls++ === 0) {
      res.writeHead(503, { "content-type": "text/plain" });
      res.end("busy");
      return;
    }
    serve(HTML, flakyPage)(req, res);
  };
  routes["/flaky.xml"] = serve(
    "application/rss+xml",
    rssFeed("Flaky", [{ link: "/news/pier", pubDate: "Fri, 06 Nov 2026 09:00:00 GMT" }]),
    { etag: '"f1"' },
  );
  server = await startServer(routes);
  const t = tempDir();
  cleanup = t.cleanup;
  config = testConfig(t.dir, "offline", { IMPORT_ALLOW_PRIVATE_ADDRESSES: "true", IMPORT_HOST_DELAY_MS: "0" });
});

afterAll(async () => {
  await server?.close();
  cleanup?.();
});

describe("feeds", () => {
  it("given an RSS 2.0 feed and a limit of 2, then the two newest entries are imported, newest first", async () => {
    const run = await importFeeds([`${server.origin}/rss.xml`], createImporter(config, silentLogger), 2);
    expect(run.skipped).toEqual([]);
    expect(run.imported.map((a) => a.title)).toEqual([titleOf(2), titleOf(1)]);
    expect(run.imported[0]).toMatchObject({ url: "https://herald.example/news/2", publisher: "Harbour Herald" });
    expect(server.requests.some((r) => r.path === "/news/0")).toBe(false);
  });

  it("given an Atom feed, then each entry's alternate link is imported (not its self link)", async () => {
    const run = await importFeeds([`${server.origin}/atom.xml`], createImporter(config, silentLogger), 10);
    expect(run.skipped).toEqual([]);
    expect(run.imported.map((a) => a.title)).toEqual([titleOf(4), titleOf(3)]);
    expect(server.requests.some((r) => r.path.startsWith("/self/"))).toBe(false);
  });

  it("given a JSON Feed, then its items' URLs are listed newest first, relative ones resolved against the feed", () => {
    const body = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title: "Herald",
      items: [
        { id: "a", url: "/news/a", date_published: "2026-11-01T00:00:00Z" },
        { id: "b", url: "https://other.example/b", date_published: "2026-11-03T00:00:00Z" },
        { id: "c", content_text: "no link" },
      ],
    });
    const entries = parseFeedEntries(body, "https://herald.example/feed.json");
    expect(entries.ok && entries.value.map((e) => e.url)).toEqual([
      "https://other.example/b",
      "https://herald.example/news/a",
    ]);
  });

  it("given an RSS 1.0 (RDF) feed, then its items' links are listed newest first", () => {
    const body = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://herald.example/"><title>Herald</title><link>https://herald.example/</link><description>d</description></channel>
<item rdf:about="https://herald.example/old"><title>old</title><link>https://herald.example/old</link><dc:date>2026-10-01T00:00:00Z</dc:date></item>
<item rdf:about="https://herald.example/new"><title>new</title><link>https://herald.example/new</link><dc:date>2026-11-01T00:00:00Z</dc:date></item>
</rdf:RDF>`;
    const entries = parseFeedEntries(body, "https://herald.example/rss.rdf");
    expect(entries.ok && entries.value.map((e) => e.url)).toEqual([
      "https://herald.example/new",
      "https://herald.example/old",
    ]);
  });

  it("given a body that is no feed, then it is refused with a clear reason", () => {
    const entries = parseFeedEntries("<html><body>hello</body></html>", "https://herald.example/");
    expect(entries.ok).toBe(false);
    expect(!entries.ok && entries.error.reason).toMatch(/not an RSS, Atom or JSON feed/);
  });

  it("given a URL that is an HTML page, when read as a feed, then it is skipped as not a feed", async () => {
    const run = await importFeeds([`${server.origin}/news/0`], createImporter(config, silentLogger), 10);
    expect(run.skipped[0]!.reason).toBe("not an RSS, Atom or JSON feed (content type text/html)");
  });
});

describe("watching a feed", () => {
  it("given a feed polled twice, then the second poll sends its ETag, gets a 304 and fetches no page", async () => {
    const watched = `${server.origin}/watched.xml`;
    // /news/4 was imported from the Atom feed already: the first poll sees it as a duplicate, not a new file.
    const first = await pollFeeds({ config, log: silentLogger, feeds: [watched] });
    expect(first.notModified).toEqual([]);
    expect(first.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/already imported/)]);
    expect(existsSync(config.import.stateFile)).toBe(true);
    expect(readFileSync(config.import.stateFile, "utf8")).toContain('"etag":"\\"v1\\""');

    const before = server.requests.length;
    const second = await pollFeeds({ config, log: silentLogger, feeds: [watched] });
    expect(second).toEqual({ imported: [], skipped: [], notModified: [watched] });
    // robots.txt is read once per poll; apart from it, only the feed itself was asked for.
    const since = server.requests.slice(before).filter((r) => r.path !== "/robots.txt");
    expect(since.map((r) => r.path)).toEqual(["/watched.xml"]);
    expect(since[0]!.headers["if-none-match"]).toBe('"v1"');
  });

  it("given an entry whose server is down (503) on the first poll, then the next poll fetches the feed again and imports it", async () => {
    const flaky = `${server.origin}/flaky.xml`;
    const first = await pollFeeds({ config, log: silentLogger, feeds: [flaky] });
    expect(first.skipped.map((s) => s.reason)).toEqual(["HTTP 503 Service Unavailable"]);
    const before = server.requests.length;
    const second = await pollFeeds({ config, log: silentLogger, feeds: [flaky] });
    expect(second.imported.map((a) => a.title)).toEqual(["Pier lamps restored after the storm"]);
    // The ETag was not kept after the failed entry, so the feed was asked for unconditionally.
    const feedRequest = server.requests.slice(before).find((r) => r.path === "/flaky.xml")!;
    expect(feedRequest.headers["if-none-match"]).toBeUndefined();
  });
});
