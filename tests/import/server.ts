/**
 * A loopback HTTP server for the import tests (127.0.0.1 only): routes map a path to a handler, every request is
 * recorded, and fixtures build article pages with Open Graph and JSON-LD metadata and feeds pointing at them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  origin: string;
  port: number;
  routes: Map<string, Handler>;
  requests: { path: string; headers: IncomingMessage["headers"] }[];
  close(): Promise<void>;
}

export async function startServer(routes: Record<string, Handler> = {}): Promise<TestServer> {
  const map = new Map(Object.entries(routes));
  const requests: TestServer["requests"] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    requests.push({ path, headers: req.headers });
    const handler = map.get(path) ?? map.get(path.split("?")[0]!);
    if (handler) handler(req, res);
    else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    routes: map,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Serve `body` with `type`, compressed as the client asks (brotli first, then gzip). */
export const serve =
  (type: string, body: string, headers: Record<string, string> = {}): Handler =>
  (req, res) => {
    const accepts = String(req.headers["accept-encoding"] ?? "");
    if (/\bbr\b/.test(accepts)) {
      res.writeHead(200, { "content-type": type, "content-encoding": "br", ...headers });
      res.end(brotliCompressSync(body));
    } else if (/\bgzip\b/.test(accepts)) {
      res.writeHead(200, { "content-type": type, "content-encoding": "gzip", ...headers });
      res.end(gzipSync(body));
    } else {
      res.writeHead(200, { "content-type": type, ...headers });
      res.end(body);
    }
  };

export const redirect =
  (location: string, status = 302): Handler =>
  (_req, res) => {
    res.writeHead(status, { location });
    res.end();
  };

export interface PageSpec {
  title: string;
  publisher: string;
  author: string;
  published: string;
  canonical: string;
  paragraphs: string[];
}

/** An article page whose metadata sits in Open Graph tags and a JSON-LD NewsArticle, as news sites publish them. */
export function articlePage(p: PageSpec): string {
  const jsonLd = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: p.title,
    datePublished: p.published,
    author: { "@type": "Person", name: p.author },
    publisher: { "@type": "Organization", name: p.publisher },
  };
  return `<!doctype html>
<html><head>
<meta charset="utf-8">
<title>${p.title} | ${p.publisher}</title>
<link rel="canonical" href="${p.canonical}">
<meta property="og:title" content="${p.title}">
<meta property="og:site_name" content="${p.publisher}">
<meta property="og:url" content="${p.canonical}">
<meta property="article:published_time" content="${p.published}">
<script type="application/ld+json">${JSON.stringify(jsonLd)}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${p.title}</h1>
${p.paragraphs.map((t) => `<p>${t}</p>`).join("\n")}
</article>
<footer>Copyright ${p.publisher}</footer>
</body></html>`;
}

export function rssFeed(title: string, items: { link: string; pubDate: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${title}</title><link>http://example.invalid/</link><description>test</description>
${items.map((i) => `<item><title>entry</title><link>${i.link}</link><pubDate>${i.pubDate}</pubDate></item>`).join("\n")}
</channel></rss>`;
}

export function atomFeed(title: string, entries: { href: string; updated: string }[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${title}</title><id>urn:test:${title}</id><updated>2026-01-01T00:00:00Z</updated>
${entries.map((e, i) => `<entry><title>e${i}</title><id>urn:e${i}</id><link rel="alternate" href="${e.href}"/><link rel="self" href="/self/${i}"/><updated>${e.updated}</updated></entry>`).join("\n")}
</feed>`;
}

/** Sentences about a made-up subject, long enough for Readability to take the page as an article. */
export function paragraphsAbout(subject: string, detail: string): string[] {
  return [
    `${subject} ${detail}, officials confirmed on Monday after a long public consultation that drew hundreds of letters from residents.`,
    `The decision about ${subject.toLowerCase()} followed months of debate in the council chamber, where supporters argued that the change would help families and local businesses alike.`,
    `Critics said the plan for ${subject.toLowerCase()} was rushed, but the final vote passed comfortably, and work is expected to begin early next spring according to the published timetable.`,
  ];
}
