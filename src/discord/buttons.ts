/** Button clicks: answer pages ("More sources"), "Full passage", 👍/👎 feedback, and the `/sources` pager. */
import { type ButtonInteraction, type Message, MessageFlags } from "discord.js";
import { showPage } from "./commands/sources.js";
import type { BotContext } from "./context.js";
import { decodeButton } from "./custom-ids.js";
import { renderFullPassage, renderNotice, renderSessionPage } from "./render.js";
import { ephemeral } from "./respond.js";

const EXPIRED =
  "This answer has expired (answers are kept for a few hours, and not across restarts). Ask again with /ask.";

/** Who the answer was for: the user who ran the command, or whose message the answer replies to. */
function askerOf(message: Message): string | undefined {
  return message.interactionMetadata?.user.id ?? message.mentions.repliedUser?.id;
}

/**
 * Whether a page click may turn the message it is on: a private message (only its asker sees it) or a click by its
 * asker. Anyone else gets the page privately, so a public answer or list never changes under the people reading it.
 */
function turnsInPlace(interaction: ButtonInteraction): boolean {
  const { message } = interaction;
  return message.flags.has(MessageFlags.Ephemeral) || askerOf(message) === interaction.user.id;
}

export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const action = decodeButton(interaction.customId);
  if (!action) {
    await interaction.reply(ephemeral(renderNotice("This button is no longer supported. Ask again with /ask.")));
    return;
  }
  if (action.kind === "sources-page") {
    await showPage(interaction, ctx, action.page, turnsInPlace(interaction));
    return;
  }
  const session = ctx.sessions.get(action.session);
  if (!session) {
    await interaction.reply(ephemeral(renderNotice(EXPIRED)));
    return;
  }
  const { answer } = session;
  switch (action.kind) {
    case "answer-page": {
      const page = renderSessionPage(session, action.page);
      if (turnsInPlace(interaction)) await interaction.update(page);
      else await interaction.reply(ephemeral(page));
      return;
    }
    case "answer-full": {
      const result = answer.results[action.index];
      await interaction.reply(
        ephemeral(result ? renderFullPassage(result) : renderNotice("That passage is no longer part of the answer.")),
      );
      return;
    }
    case "answer-vote": {
      const userId = interaction.user.id;
      const emoji = action.vote === "up" ? "👍" : "👎";
      if (session.votes.get(userId) === action.vote) {
        await interaction.reply(ephemeral(renderNotice(`You already rated this answer ${emoji} — thank you!`)));
        return;
      }
      // Set before writing, so a double click is not written twice; undone if the write fails, so that the vote
      // is not later called "already rated" when it was never recorded.
      const previous = session.votes.get(userId);
      session.votes.set(userId, action.vote);
      try {
        await ctx.feedback.record({
          vote: action.vote,
          question: answer.question,
          resultIds: answer.results.map((r) => r.passage.chunk.id),
          answered: answer.answered,
          mode: answer.mode,
          userId,
        });
      } catch (e) {
        if (previous === undefined) session.votes.delete(userId);
        else session.votes.set(userId, previous);
        throw e;
      }
      await interaction.reply(ephemeral(renderNotice(`Thanks for the feedback ${emoji} — it was recorded.`)));
      return;
    }
  }
}
