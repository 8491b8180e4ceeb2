/**
 * reflowText: a hard-wrapped body becomes one line per paragraph, while tables, lists, short lines and text that was
 * never wrapped keep their lines. Reflow only ever changes whitespace.
 */
import { describe, expect, it } from "vitest";
import { reflowText } from "../../src/corpus/reflow.js";

const words = (t: string) => t.split(/\s+/).filter(Boolean);
const paragraphs = (t: string) => t.split(/\n\n+/);

/** Written like a Reuters-21578 body: wrapped near 65 columns, later paragraphs start indented by four spaces. */
const NEWSWIRE = `Showers continued throughout the week in
the Bahia cocoa zone, alleviating the drought since early
January and improving prospects for the coming temporao,
although normal humidity levels have not been restored,
Comissaria Smith said in its weekly review.
    The dry period means the temporao will be late this year.
    Arrivals for the week ended February 22 were 155,221 bags
of 60 kilos making a cumulative total for the season of 5.93
mln against 5.81 at the same stage last year.
 Reuter`;

const EARNINGS = `Shr 1.20 dlrs vs 1.10 dlrs
    Net 3,400,000 vs 2,900,000
    Revs 45.6 mln vs 40.1 mln
    Nine mths
    Shr 3.40 dlrs vs 3.10 dlrs
    Note: the company restated last year's results to reflect
the sale of its insurance unit in the third quarter of the
year.
 Reuter`;

/** A mailing-list message: paragraphs set off by blank lines, wrapped at 72, with a list and a column table. */
const MAILING_LIST = `The committee met on Tuesday and agreed to move the annual meeting
to the spring, after members said the autumn date clashed with the
regional conference in most years.

The agenda for the spring meeting will cover:
- the budget for next year, including the new travel fund that was
  proposed at the last meeting
- elections to the committee
- any other business

Region      Members   Change
North           412      +12
South           389       -4

Please reply to the secretary by the end of the month if you cannot
attend.`;

/** One paragraph per line, as most web articles and JSONL exports are. */
const PARAGRAPH_PER_LINE = `Quarterly profits at the media group jumped 76% to $1.13bn for the three months to December, from $639m a year earlier.
The firm, which is now one of the biggest investors in Google, benefited from sales of high-speed internet connections.
Its profits were buoyed by one-off gains.
For the full year, profits were up 27% at $3.36bn.`;

describe("reflowText", () => {
  it("given a newswire body wrapped inside every sentence then each paragraph becomes one line and indented starts begin paragraphs", () => {
    const out = reflowText(NEWSWIRE);
    expect(paragraphs(out)).toEqual([
      "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early January and improving prospects for the coming temporao, although normal humidity levels have not been restored, Comissaria Smith said in its weekly review.",
      "The dry period means the temporao will be late this year.",
      "Arrivals for the week ended February 22 were 155,221 bags of 60 kilos making a cumulative total for the season of 5.93 mln against 5.81 at the same stage last year.",
      "Reuter",
    ]);
  });

  it("given an earnings table of 'Shr … vs …' lines then every row keeps its line and the wrapped note is joined", () => {
    const out = reflowText(`${NEWSWIRE}\n${EARNINGS}`);
    const lines = out.split("\n");
    for (const row of [
      "Shr 1.20 dlrs vs 1.10 dlrs",
      "Net 3,400,000 vs 2,900,000",
      "Revs 45.6 mln vs 40.1 mln",
      "Nine mths",
      "Shr 3.40 dlrs vs 3.10 dlrs",
    ])
      expect(lines).toContain(row);
    expect(lines).toContain(
      "Note: the company restated last year's results to reflect the sale of its insurance unit in the third quarter of the year.",
    );
  });

  it("given a message with blank-line paragraphs, a wrapped bullet list and a column table then paragraphs join, items stay items and rows stay rows", () => {
    const out = reflowText(MAILING_LIST);
    const lines = out.split("\n").filter(Boolean);
    expect(lines).toContain(
      "The committee met on Tuesday and agreed to move the annual meeting to the spring, after members said the autumn date clashed with the regional conference in most years.",
    );
    expect(lines).toContain(
      "- the budget for next year, including the new travel fund that was proposed at the last meeting",
    );
    expect(lines).toContain("- elections to the committee");
    expect(lines).toContain("- any other business");
    expect(lines).toContain("Region      Members   Change");
    expect(lines).toContain("North           412      +12");
    expect(lines).toContain("Please reply to the secretary by the end of the month if you cannot attend.");
  });

  it("given text with one paragraph per line then it is returned unchanged", () => {
    expect(reflowText(PARAGRAPH_PER_LINE)).toBe(PARAGRAPH_PER_LINE);
  });

  it("given short lines that end sentences (a list of headlines) then it is returned unchanged", () => {
    const headlines =
      "Markets rally as oil falls.\nCentral bank holds rates.\nTech shares slide on earnings.\nGold steady.";
    expect(reflowText(headlines)).toBe(headlines);
  });

  it("given a first line cut short by a removed dateline then it still joins the line it runs on into", () => {
    const out = reflowText(
      "Coleco Industries Inc said\nit expects to return to profitability in 1987 after a year of heavy\nlosses on its toy lines, chief executive Arnold Greenberg told\nanalysts at a meeting in New York.",
    );
    expect(out).toBe(
      "Coleco Industries Inc said it expects to return to profitability in 1987 after a year of heavy losses on its toy lines, chief executive Arnold Greenberg told analysts at a meeting in New York.",
    );
  });

  it("given a cut first line that ends on a function word or runs into a figure then it joins the next line", () => {
    const out = reflowText(
      "The tin price is likely to rise to\n20 ringgit a kilo this year because of the producers' accord on export\nquotas and the reluctance of brokers and banks to sell the metal at lower\nprices, a Malaysian government bulletin said.",
    );
    expect(out.split("\n")).toHaveLength(1);
    expect(out).toMatch(/^The tin price is likely to rise to 20 ringgit a kilo/);
  });

  it("given Windows line endings then the text reflows the same", () => {
    expect(reflowText(NEWSWIRE.replace(/\n/g, "\r\n"))).toBe(reflowText(NEWSWIRE));
  });

  it("given page furniture after a wrapped line then it is not joined into the sentence", () => {
    const out = reflowText(`${NEWSWIRE.split("\n").slice(0, 3).join("\n")}\nAdvertisement\n${NEWSWIRE}`);
    expect(out.split("\n")).toContain("Advertisement");
  });

  it("given any of these texts then only whitespace changes: every word is kept, in order", () => {
    for (const text of [NEWSWIRE, EARNINGS, MAILING_LIST, PARAGRAPH_PER_LINE])
      expect(words(reflowText(text))).toEqual(words(text));
  });
});
