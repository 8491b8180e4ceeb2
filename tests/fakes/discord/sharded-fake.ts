/**
 * A sharded Discord on loopback: one `startFakeDiscord` per shard, each with its own guild whose id Discord would
 * route to that shard ((guild_id >> 22) % shards), behind one front server that speaks like Discord:
 *
 * - `GET /gateway/bot` answers the front's gateway URL, `shards: N` and a `max_concurrency` that lets every shard
 *   identify at once (real Discord: 1 for small bots, 16+ for large ones).
 * - The gateway: the front says HELLO itself, then on IDENTIFY with `shard: [id, N]` connects that shard's fake and
 *   relays frames both ways. READY's `session_id` and `resume_gateway_url` are rewritten so a RESUME comes back to
 *   the front and reaches the same fake. A fake that closes its connection (`disconnectGateway(4000)`) makes the
 *   front close the client's with the same code, so discord.js resumes that shard alone.
 * - REST: routed to the fake that owns the interaction, webhook token, channel or guild in the path (else shard 0).
 *
 * The per-shard fakes stay fully usable: `shards[i].sendSlashCommand(…)` dispatches in guild i and records the
 * bot's answer there. Each fake only dispatches on the connections that identified with it, so a question is seen
 * by exactly the shard Discord would send it to.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from "./fake-discord.ts";

const DISCORD_EPOCH = 1420070400000n;

/** A real-shaped snowflake whose guild routing lands on `shard` of `count`. */
export function snowflakeForShard(shard: number, count: number, salt: number): string {
  let ts = BigInt(Date.now()) - DISCORD_EPOCH - BigInt(salt * 1000);
  ts -= ts % BigInt(count);
  ts += BigInt(shard);
  return ((ts << 22n) | BigInt(salt & 0x3fffff)).toString();
}

export interface ShardedFake {
  apiUrl: string;
  gatewayUrl: string;
  token: string;
  count: number;
  /** One fake per shard; `shards[i].ids.guildId` routes to shard i. */
  shards: FakeDiscord[];
  /** Every IDENTIFY and RESUME the front relayed: which shard, which fake. */
  handshakes: { op: 2 | 6; shard: number; at: number }[];
  close(): Promise<void>;
}

interface Relay {
  client: WebSocket;
  backend?: WebSocket;
  shard?: number;
  queue: string[];
}

export async function startShardedFake(
  count: number,
  options: Omit<FakeDiscordOptions, "guildId" | "channelId"> = {},
): Promise<ShardedFake> {
  const shards: FakeDiscord[] = [];
  for (let i = 0; i < count; i++) {
    const guildId = snowflakeForShard(i, count, 100 + i);
    shards.push(
      await startFakeDiscord({
        ...options,
        guildId,
        channelId: snowflakeForShard(i, count, 200 + i),
        token: undefined,
      }),
    );
  }
  const handshakes: ShardedFake["handshakes"] = [];

  const owner = (path: string): FakeDiscord => {
    const s = path.split("/").filter(Boolean);
    if (s[0] === "interactions") return shards.find((f) => f.interactions.has(s[1] ?? "")) ?? shards[0]!;
    if (s[0] === "webhooks")
      return shards.find((f) => [...f.interactions.values()].some((ix) => ix.token === s[2])) ?? shards[0]!;
    if (s[0] === "channels")
      return (
        shards.find((f) => f.ids.channelId === s[1] || [...f.messages.values()].some((m) => m.channel_id === s[1])) ??
        shards[0]!
      );
    const g = s.indexOf("guilds");
    if (g >= 0) return shards.find((f) => f.ids.guildId === s[g + 1]) ?? shards[0]!;
    return shards[0]!;
  };

  const server = createServer((req, res) => {
    forward(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `sharded-fake: ${String(e)}`, code: 0 }));
    });
  });
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const apiUrl = `http://127.0.0.1:${port}/api`;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = url.pathname.replace(/^\/api\/v\d+/, "");
    if (req.method === "GET" && route === "/gateway/bot") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          url: gatewayUrl,
          shards: count,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 16 },
        }),
      );
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const target = owner(decodeURIComponent(route));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
    const upstream = await fetch(`${target.apiUrl.replace(/\/api$/, "")}${url.pathname}${url.search}`, {
      method: req.method,
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const out: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (k !== "content-length" && k !== "transfer-encoding" && k !== "connection") out[k] = v;
    });
    res.writeHead(upstream.status, out);
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const relays = new Set<Relay>();
  server.on("upgrade", (req, socket, head) => {
    if (!(req.url ?? "").startsWith("/gateway")) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onClient(ws));
  });

  function onClient(client: WebSocket): void {
    const relay: Relay = { client, queue: [] };
    relays.add(relay);
    client.send(JSON.stringify({ op: 10, t: null, s: null, d: { heartbeat_interval: 41250 } }));
    client.on("message", (data: RawData) => {
      const text = data.toString();
      const frame = JSON.parse(text) as { op: number; d?: { shard?: [number, number]; session_id?: string } };
      if (!relay.backend && (frame.op === 2 || frame.op === 6)) {
        let shard: number;
        let payload = text;
        if (frame.op === 2) shard = frame.d?.shard?.[0] ?? 0;
        else {
          // Our session ids are "<shard>:<the fake's own id>".
          const [prefix, ...rest] = String(frame.d?.session_id ?? "").split(":");
          shard = Number(prefix);
          payload = JSON.stringify({ ...frame, d: { ...frame.d, session_id: rest.join(":") } });
        }
        const fake = shards[shard];
        if (!fake) {
          client.close(4010, "Invalid shard.");
          return;
        }
        relay.shard = shard;
        handshakes.push({ op: frame.op as 2 | 6, shard, at: Date.now() });
        connectBackend(relay, fake, payload);
        return;
      }
      if (relay.backend?.readyState === WebSocket.OPEN && relay.queue.length === 0) relay.backend.send(text);
      else relay.queue.push(text);
    });
    client.on("close", () => {
      relays.delete(relay);
      relay.backend?.close(1000);
    });
  }

  function connectBackend(relay: Relay, fake: FakeDiscord, first: string): void {
    const backend = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    relay.backend = backend;
    let greeted = false;
    backend.on("message", (data: RawData) => {
      const frame = JSON.parse(data.toString()) as { op: number; t?: string; d?: Record<string, unknown> };
      if (!greeted && frame.op === 10) {
        // The client already had the front's HELLO: send what it was waiting to send.
        greeted = true;
        backend.send(first);
        for (const q of relay.queue.splice(0)) backend.send(q);
        return;
      }
      if (frame.op === 0 && frame.t === "READY" && frame.d)
        frame.d = { ...frame.d, session_id: `${relay.shard}:${frame.d.session_id}`, resume_gateway_url: gatewayUrl };
      if (relay.client.readyState === WebSocket.OPEN) relay.client.send(JSON.stringify(frame));
    });
    backend.on("close", (code) => {
      // Hand the fake's close code on (4000: discord.js resumes); codes that cannot be sent become 4000.
      const relayed = code === 1000 || (code >= 4000 && code < 5000) ? code : 4000;
      if (relay.client.readyState === WebSocket.OPEN) relay.client.close(relayed, "relayed");
    });
    backend.on("error", () => relay.client.close(4000, "backend error"));
  }

  return {
    apiUrl,
    gatewayUrl,
    token: shards[0]!.token,
    count,
    shards,
    handshakes,
    async close() {
      for (const r of relays) r.client.terminate();
      wss.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(shards.map((f) => f.close()));
    },
  };
}
