/**
 * Per-server settings: their shape, defaults and the pure rules that read them. Stored as one validated JSON
 * document per guild, so adding a setting needs no schema migration; unknown or invalid stored values fall back to
 * the default field by field.
 */
import { z } from "zod";

const snowflake = z.string().regex(/^\d{15,22}$/);
const channelList = z.array(snowflake).max(100).default([]);

export const MENTION_MODES = ["all", "allow-list", "deny-list"] as const;
export type MentionMode = (typeof MENTION_MODES)[number];

export const GuildSettingsSchema = z.object({
  /** Where mentions are answered: everywhere, only in `allowedChannels`, or everywhere but `deniedChannels`. */
  mentionMode: z.enum(MENTION_MODES).catch("all").default("all"),
  allowedChannels: channelList.catch([]),
  deniedChannels: channelList.catch([]),
  /** Forum channels whose new posts are answered automatically. */
  forumChannels: channelList.catch([]),
  /** Unset: REPLY_IN_THREAD. */
  replyInThread: z.boolean().optional().catch(undefined),
  /** Unset: COOLDOWN_SECONDS. */
  cooldownSeconds: z.number().int().min(0).max(3600).optional().catch(undefined),
  /** A question the corpus does not answer: a short "nothing found" reply with the closest articles, or silence. */
  declined: z.enum(["reply", "silence"]).catch("reply").default("reply"),
  /** Forum posts carrying a tag of this name (case-insensitive) are not answered. */
  solvedTag: z.string().trim().min(1).max(20).catch("solved").default("solved"),
  /** Follow-ups answered per conversation; 0 turns follow-ups off. */
  followUpLimit: z.number().int().min(0).max(20).catch(3).default(3),
  /** Whether anyone's message in a bot conversation is a follow-up, or only the original asker's. */
  followUpsFromAnyone: z.boolean().catch(false).default(false),
  /** Days question events are kept for /insights. */
  retentionDays: z.number().int().min(1).max(365).catch(90).default(90),
});

export type GuildSettings = z.infer<typeof GuildSettingsSchema>;

export const DEFAULT_SETTINGS: GuildSettings = Object.freeze(GuildSettingsSchema.parse({}));

/** Stored JSON → settings; anything unreadable becomes the default. */
export function parseSettings(json: string | undefined): GuildSettings {
  if (json === undefined) return { ...DEFAULT_SETTINGS };
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  const parsed = GuildSettingsSchema.safeParse(raw && typeof raw === "object" ? raw : {});
  return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
}

/** Validate a change before it is stored; the error names the setting. */
export function applyChange(
  current: GuildSettings,
  change: Partial<GuildSettings>,
): { ok: true; value: GuildSettings } | { ok: false; error: string } {
  const next = { ...current, ...change };
  const shape: Record<string, z.ZodTypeAny> = GuildSettingsSchema.shape;
  for (const [key, value] of Object.entries(change)) {
    const field = shape[key];
    if (!field) return { ok: false, error: `unknown setting ${key}` };
    // The stored schema forgives bad values (.catch); a change must not.
    const check = unwrapCatch(field).safeParse(value);
    if (!check.success) return { ok: false, error: `${key}: ${check.error.issues[0]?.message ?? "invalid"}` };
  }
  return { ok: true, value: next };
}

function unwrapCatch(t: z.ZodTypeAny): z.ZodTypeAny {
  let cur = t;
  for (;;) {
    if (cur instanceof z.ZodCatch) cur = cur.removeCatch();
    else if (cur instanceof z.ZodDefault) cur = cur.removeDefault();
    else return cur;
  }
}

/**
 * Whether a mention in `channelId` may be answered. A thread follows its parent channel's rule, so allowing
 * #help also allows the threads under it.
 */
export function mentionAllowed(s: GuildSettings, channelId: string, parentId?: string | null): boolean {
  const ids = [channelId, ...(parentId ? [parentId] : [])];
  if (s.mentionMode === "allow-list") return ids.some((id) => s.allowedChannels.includes(id));
  if (s.mentionMode === "deny-list") return !ids.some((id) => s.deniedChannels.includes(id));
  return true;
}

/** Add or remove one channel id in a list, keeping it free of duplicates. */
export function toggled(list: readonly string[], id: string, remove: boolean): string[] {
  const rest = list.filter((x) => x !== id);
  return remove ? rest : [...rest, id];
}
