/**
 * The one list of commands: the bot's loader and `npm run deploy-commands` both read it, so what is registered
 * with Discord is exactly what the bot handles.
 */
import type { Command } from "../context.js";
import * as ask from "./ask.js";
import * as findSources from "./find-sources.js";
import * as help from "./help.js";
import * as importCommand from "./import.js";
import * as insights from "./insights.js";
import * as reindex from "./reindex.js";
import * as search from "./search.js";
import * as settings from "./settings.js";
import * as source from "./source.js";
import * as sources from "./sources.js";

export const commands: readonly Command[] = [
  { kind: "slash", ...ask },
  { kind: "slash", ...search },
  { kind: "slash", ...source },
  { kind: "slash", ...sources },
  { kind: "slash", ...help },
  { kind: "slash", ...reindex },
  { kind: "slash", data: importCommand.data, execute: importCommand.execute },
  { kind: "slash", ...settings },
  { kind: "slash", ...insights },
  { kind: "message", ...findSources },
];

/** Commands by name, for dispatch. */
export function loadCommands(list: readonly Command[] = commands): Map<string, Command> {
  const byName = new Map<string, Command>();
  for (const c of list) {
    if (byName.has(c.data.name)) throw new Error(`duplicate command name: ${c.data.name}`);
    byName.set(c.data.name, c);
  }
  return byName;
}

/** The JSON bodies Discord's "bulk overwrite commands" endpoint takes. */
export const commandPayloads = (list: readonly Command[] = commands) => list.map((c) => c.data.toJSON());
