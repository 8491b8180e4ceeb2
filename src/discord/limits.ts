/** Discord's message limits, and a checker that lists every limit a payload breaks (tests and a last safety net). */
import type { APIEmbed } from "discord.js";

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** Sum of titles, descriptions, field names and values, footers and author names over all embeds. */
  embedsTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  url: 2048,
  threadName: 100,
} as const;

interface CheckedComponent {
  type?: number;
  custom_id?: string;
  label?: string;
  components?: CheckedComponent[];
}

export interface CheckedPayload {
  content?: string | null;
  embeds?: APIEmbed[];
  components?: CheckedComponent[];
}

const len = (s: string | null | undefined) => (typeof s === "string" ? s.length : 0);

/** Every Discord limit `payload` breaks, as readable strings; empty when the payload is valid. */
export function limitViolations(payload: CheckedPayload): string[] {
  const v: string[] = [];
  if (len(payload.content) > LIMITS.content) v.push(`content is ${len(payload.content)} > ${LIMITS.content}`);
  const embeds = payload.embeds ?? [];
  if (embeds.length > LIMITS.embeds) v.push(`${embeds.length} embeds > ${LIMITS.embeds}`);
  let total = 0;
  embeds.forEach((e, i) => {
    const check = (what: string, n: number, max: number) => {
      if (n > max) v.push(`embed ${i} ${what} is ${n} > ${max}`);
    };
    check("title", len(e.title), LIMITS.embedTitle);
    check("description", len(e.description), LIMITS.embedDescription);
    check("footer", len(e.footer?.text), LIMITS.footer);
    check("author name", len(e.author?.name), LIMITS.authorName);
    check("url", len(e.url), LIMITS.url);
    const fields = e.fields ?? [];
    check("field count", fields.length, LIMITS.fields);
    fields.forEach((f, j) => {
      check(`field ${j} name`, len(f.name), LIMITS.fieldName);
      check(`field ${j} value`, len(f.value), LIMITS.fieldValue);
      if (len(f.name) === 0 || len(f.value) === 0) v.push(`embed ${i} field ${j} is empty`);
      total += len(f.name) + len(f.value);
    });
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
  });
  if (total > LIMITS.embedsTotal) v.push(`embeds total ${total} > ${LIMITS.embedsTotal}`);
  const rows = payload.components ?? [];
  if (rows.length > LIMITS.rows) v.push(`${rows.length} component rows > ${LIMITS.rows}`);
  rows.forEach((row, i) => {
    const children = row.components ?? [];
    if (children.length > LIMITS.buttonsPerRow) v.push(`row ${i} has ${children.length} components`);
    children.forEach((c, j) => {
      if (len(c.custom_id) > LIMITS.customId) v.push(`row ${i} component ${j} custom_id is ${len(c.custom_id)}`);
      if (len(c.label) > LIMITS.buttonLabel) v.push(`row ${i} component ${j} label is ${len(c.label)}`);
    });
  });
  return v;
}
