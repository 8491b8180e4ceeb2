/**
 * Button custom ids. Discord caps them at 100 characters, so a button carries only a short session id and a verb;
 * the answer itself stays in memory (see sessions.ts). The `/sources` pager needs no state at all.
 */
import { LIMITS } from "./limits.js";

export type ButtonAction =
  | { kind: "answer-page"; session: string; page: number }
  | { kind: "answer-full"; session: string; index: number }
  | { kind: "answer-vote"; session: string; vote: "up" | "down" }
  | { kind: "sources-page"; page: number };

const PREFIX = "qb";

export function encodeButton(action: ButtonAction): string {
  let id: string;
  switch (action.kind) {
    case "answer-page":
      id = `${PREFIX}:ans:${action.session}:page:${action.page}`;
      break;
    case "answer-full":
      id = `${PREFIX}:ans:${action.session}:full:${action.index}`;
      break;
    case "answer-vote":
      id = `${PREFIX}:ans:${action.session}:vote:${action.vote}`;
      break;
    case "sources-page":
      id = `${PREFIX}:src:${action.page}`;
      break;
  }
  if (id.length > LIMITS.customId) throw new RangeError(`custom_id longer than ${LIMITS.customId}: ${id}`);
  return id;
}

const SESSION = /^[A-Za-z0-9_-]{1,40}$/;
const INDEX = /^\d{1,4}$/;

/** Parse a custom id this bot produced; anything else (old versions, other bots' ids) is `undefined`. */
export function decodeButton(customId: string): ButtonAction | undefined {
  const parts = customId.split(":");
  if (parts[0] !== PREFIX) return undefined;
  if (parts[1] === "src" && parts.length === 3 && INDEX.test(parts[2]!))
    return { kind: "sources-page", page: Number(parts[2]) };
  if (parts[1] !== "ans" || parts.length !== 5 || !SESSION.test(parts[2]!)) return undefined;
  const session = parts[2]!;
  const arg = parts[4]!;
  if (parts[3] === "page" && INDEX.test(arg)) return { kind: "answer-page", session, page: Number(arg) };
  if (parts[3] === "full" && INDEX.test(arg)) return { kind: "answer-full", session, index: Number(arg) };
  if (parts[3] === "vote" && (arg === "up" || arg === "down")) return { kind: "answer-vote", session, vote: arg };
  return undefined;
}
