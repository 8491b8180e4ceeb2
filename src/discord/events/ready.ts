/** Log once the client is connected: who we are and what we serve. */
import type { Client } from "discord.js";
import type { BotContext } from "../context.js";

export function readyHandler(ctx: BotContext) {
  return (client: Client<true>): void => {
    const engine = ctx.holder.current;
    ctx.log.info(
      {
        user: client.user.tag,
        guilds: client.guilds.cache.size,
        articles: engine.articles().length,
        mode: engine.mode,
      },
      "quotebot is online",
    );
  };
}
