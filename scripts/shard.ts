/**
 * One process of `npm start -- --shards N --shards-per-process M`: discord.js' ShardingManager spawns this file
 * with `--gateway-shards N --shards-per-process M`, and it runs the same bot as `npm start` on its own range of
 * gateway shards (src/discord/sharding.ts). Per-server settings live in the shared database, so every process sees
 * the same ones.
 */
import "./start.js";
