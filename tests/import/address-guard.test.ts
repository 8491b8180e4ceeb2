/**
 * The address guard, with the guard ON (no IMPORT_ALLOW_PRIVATE_ADDRESSES): private, loopback, link-local,
 * unique-local, CGNAT, multicast and unspecified addresses are refused, for IP literals, for names after DNS
 * resolution, and again after each redirect; the refused server never sees a request.
 */
import { describe, expect, it } from "vitest";
import { addressRefusal } from "../../src/import/address-guard.js";
import { defaultPolicy, type FetchSettings, fetchResource } from "../../src/import/fetch-page.js";
import type { AddressPolicy, Resolver } from "../../src/import/pinned-agent.js";
import { redirect, serve, startServer } from "./server.js";

const settings = (policy: AddressPolicy): FetchSettings => ({
  userAgent: "quotebot-test",
  connectTimeoutMs: 2000,
  timeoutMs: 5000,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
  policy,
});
const GUARDED = settings(defaultPolicy(false));

describe("addressRefusal", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["10.0.0.8", "private"],
    ["172.16.5.4", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["224.0.0.251", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "link-local"],
    ["fd12:3456::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["::", "unspecified"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
  ])("given %s, then it is refused as %s", (address, kind) => {
    expect(addressRefusal(address)).toContain(kind);
  });

  it.each(["93.184.215.14", "2606:4700:4700::1111", "::ffff:93.184.215.14"])(
    "given the public address %s, then it is allowed",
    (address) => {
      expect(addressRefusal(address)).toBeUndefined();
    },
  );
});

describe("fetching with the guard on", () => {
  it("given a loopback IP literal, then it is refused before any connection", async () => {
    const server = await startServer({ "/": serve("text/html", "<p>hi</p>") });
    try {
      const result = await fetchResource(`${server.origin}/`, GUARDED, { expect: "page" });
      expect(!result.ok && result.error.reason).toBe("refused: 127.0.0.1 is a loopback address");
      const mapped = await fetchResource(`http://[::ffff:127.0.0.1]:${server.port}/`, GUARDED, { expect: "page" });
      expect(!mapped.ok && mapped.error.reason).toMatch(/refused: .* is a loopback address/);
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("given a host name that resolves to loopback, then it is refused after DNS resolution", async () => {
    const server = await startServer({ "/": serve("text/html", "<p>hi</p>") });
    try {
      const result = await fetchResource(`http://localhost:${server.port}/`, GUARDED, { expect: "page" });
      expect(!result.ok && result.error.reason).toMatch(/^refused: localhost resolves to .* loopback address/);
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it("given a non-http scheme, then it is refused", async () => {
    for (const url of ["file:///etc/passwd", "gopher://example.com/", "data:text/html,<p>x</p>"]) {
      const result = await fetchResource(url, GUARDED, { expect: "page" });
      expect(!result.ok && result.error.reason).toMatch(/only http and https/);
    }
  });

  it("given an allowed first hop that redirects to a loopback address, then the redirect is refused and its target never asked", async () => {
    const target = await startServer({ "/secret": serve("text/html", "<p>internal</p>") });
    const front = await startServer({
      "/by-ip": redirect(`${target.origin}/secret`),
      "/by-name": redirect(`http://localhost:${target.port}/secret`),
    });
    // Only the front server's own port counts as "public" here; everything else gets the real guard.
    const policy: AddressPolicy = (address, url) =>
      url.port === String(front.port) ? undefined : defaultPolicy(false)(address, url);
    try {
      const byIp = await fetchResource(`${front.origin}/by-ip`, settings(policy), { expect: "page" });
      expect(!byIp.ok && byIp.error.reason).toBe("refused: 127.0.0.1 is a loopback address");
      const byName = await fetchResource(`${front.origin}/by-name`, settings(policy), { expect: "page" });
      expect(!byName.ok && byName.error.reason).toMatch(/^refused: localhost resolves to .* loopback address/);
      expect(front.requests.map((r) => r.path)).toEqual(["/by-ip", "/by-name"]);
      expect(target.requests).toEqual([]);
    } finally {
      await front.close();
      await target.close();
    }
  });

  it("given a name whose DNS answer turns private after the first lookup (rebinding), then the connection goes to the address that was checked and DNS is asked once", async () => {
    const server = await startServer({ "/": serve("text/html", "<p>checked address</p>") });
    const answers: string[] = [];
    // First answer: the test server's address, which the policy below treats as public; every later answer is a
    // loopback address the guard refuses (nothing listens on 127.0.0.2).
    const resolve: Resolver = async () => {
      const address = answers.length === 0 ? "127.0.0.1" : "127.0.0.2";
      answers.push(address);
      return [{ address, family: 4 }];
    };
    const policy: AddressPolicy = (address, url) =>
      address === "127.0.0.1" && url.port === String(server.port) ? undefined : defaultPolicy(false)(address, url);
    try {
      const result = await fetchResource(
        `http://rebind.test:${server.port}/`,
        { ...settings(policy), resolve },
        {
          expect: "page",
        },
      );
      expect(result.ok && !result.value.notModified && result.value.body).toBe("<p>checked address</p>");
      expect(answers).toEqual(["127.0.0.1"]);
    } finally {
      await server.close();
    }
  });
});
