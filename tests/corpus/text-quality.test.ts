/**
 * Text that is not language (binary junk without NUL bytes, decoded as Latin-1 or full of U+FFFD) is skipped with a
 * reason; real text in any script, and articles with tables of figures, are not.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeText, type LoadedCorpus, loadCorpus } from "../../src/corpus/load-corpus.js";
import { notLanguageReason } from "../../src/corpus/text-quality.js";
import { ErrorCode } from "../../src/errors.js";
import { tempDir } from "../helpers/env.js";

/** Deterministic bytes in [lo, hi] (no NUL unless lo is 0): what an image or archive looks like to a text reader. */
function junkBytes(lo: number, hi: number, n = 3000, seed = 7): Buffer {
  let s = seed;
  return Buffer.from(
    Array.from({ length: n }, () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return lo + (s % (hi - lo + 1));
    }),
  );
}
const asLatin1 = (bytes: Buffer) => decodeText(bytes).text;

/** Real sentences in scripts with and without spaces, accents and their own punctuation. */
const LANGUAGES: Record<string, string> = {
  Chinese:
    "中国人民银行周二宣布，将下调存款准备金率零点五个百分点，以支持实体经济发展。分析人士认为，此举将释放约一万亿元长期资金。",
  Japanese:
    "日本銀行は火曜日、金融政策決定会合で短期金利をマイナス〇・一％に据え置くことを決めた。市場では円安が進んだ。",
  Russian:
    "Центральный банк России во вторник снизил ключевую ставку на полпроцентного пункта, сообщила пресс-служба регулятора. Аналитики ожидали такого решения.",
  French:
    "La Banque de France a annoncé mardi que l'économie française avait progressé de 0,3 % au troisième trimestre, portée par la consommation des ménages. « C'est une bonne surprise », a déclaré le gouverneur.",
  Vietnamese:
    "Ngân hàng Nhà nước Việt Nam hôm thứ Ba thông báo giảm lãi suất điều hành thêm 0,5 điểm phần trăm nhằm hỗ trợ nền kinh tế phục hồi sau đại dịch.",
  Arabic:
    "أعلن البنك المركزي المصري يوم الثلاثاء رفع أسعار الفائدة بمقدار مئتي نقطة أساس في محاولة لكبح التضخم المتسارع في البلاد.",
  Hindi: "भारतीय रिज़र्व बैंक ने मंगलवार को रेपो दर में पच्चीस आधार अंकों की कटौती की घोषणा की, जिससे ऋण सस्ते होने की उम्मीद है।",
  Thai: "ธนาคารแห่งประเทศไทยประกาศลดอัตราดอกเบี้ยนโยบายลงร้อยละศูนย์จุดสองห้าเพื่อกระตุ้นเศรษฐกิจที่ชะลอตัว",
  Greek:
    "Η Τράπεζα της Ελλάδος ανακοίνωσε την Τρίτη ότι η ελληνική οικονομία αναπτύχθηκε κατά 2,1% το τρίτο τρίμηνο του έτους.",
};
/** A Reuters earnings table and a Markdown table with currency, percent and degree signs. */
const FIGURES = {
  earnings:
    "Shr 1.20 dlrs vs 1.10 dlrs\nNet 3,400,000 vs 2,900,000\nRevs 45.6 mln vs 40.1 mln\nNine mths\nShr 3.40 dlrs vs 3.10 dlrs\nNet 9,800,000 vs 8,700,000",
  table:
    "| Year | Revenue (€m) | Margin |\n|---|---|---|\n| 2021 | 1,204.5 | 12.3% |\n| 2022 | 1,356.0 | 13.1% |\n| 2023 | 1,498.2 | 14.0% |\nRevenue grew by 10.5% a year (±0.4 pp) to €1.5bn at 21 °C.",
  leaders:
    "COMPANY....EFFECTIVE DATE..W.T.I.....W.T.S...LT LOUISIANA\nAMOCO.......2/23/87........17.50.....16.60....17.85\nARCO........4/06/87........18.00.....17.10....18.10",
};

describe("notLanguageReason", () => {
  it("given high-byte junk read as Latin-1 then it is not language (control characters)", () => {
    expect(notLanguageReason(asLatin1(junkBytes(0x80, 0xff)))).toMatch(/control characters/);
  });

  it("given junk of every byte but NUL read as Latin-1 then it is not language", () => {
    expect(notLanguageReason(asLatin1(junkBytes(0x01, 0xff)))).toMatch(/control characters/);
  });

  it("given junk in the Latin-1 letters and symbols range (no controls) then it is not language (symbols)", () => {
    expect(notLanguageReason(asLatin1(junkBytes(0xa0, 0xff)))).toMatch(/symbols/);
  });

  it("given junk of accented Latin-1 letters only then it is not language (accented letters)", () => {
    expect(notLanguageReason(asLatin1(junkBytes(0xc0, 0xff)))).toMatch(/Latin letters are accented/);
  });

  it("given text that is mostly U+FFFD then it is not language", () => {
    expect(notLanguageReason(`${"\uFFFD".repeat(80)} a few words survive here`)).toMatch(/U\+FFFD/);
  });

  it("given ASCII symbols only then it is not language", () => {
    expect(notLanguageReason("#$%&*@!~^=+<>|".repeat(10))).toMatch(/letters or digits/);
  });

  it("given letters without any spaces (a base64 blob) then it is not language", () => {
    expect(notLanguageReason(Buffer.from(junkBytes(0x01, 0xff, 600)).toString("base64"))).toMatch(/no spaces/);
  });

  for (const [language, text] of Object.entries(LANGUAGES))
    it(`given real ${language} text then it is language`, () => {
      expect(notLanguageReason(text)).toBeUndefined();
    });

  for (const [what, text] of Object.entries(FIGURES))
    it(`given a ${what} of figures then it is language`, () => {
      expect(notLanguageReason(text)).toBeUndefined();
    });

  it("given a text too short to judge then it is let through", () => {
    expect(notLanguageReason("©®±")).toBeUndefined();
  });
});

let cleanup: () => void;
let loaded: LoadedCorpus;
const skipped = (file: string) => loaded.skipped.find((s) => s.file === file);

beforeAll(async () => {
  const t = tempDir("quotebot-text-quality-");
  cleanup = t.cleanup;
  const corpus = path.join(t.dir, "corpus");
  mkdirSync(corpus);
  const write = (name: string, content: string | Buffer) => writeFileSync(path.join(corpus, name), content);
  write("junk.txt", Buffer.concat([Buffer.from("Holiday photo\n"), junkBytes(0x80, 0xff)]));
  write("junk.md", Buffer.concat([Buffer.from("---\ntitle: Archive\n---\n\n"), junkBytes(0xa0, 0xff)]));
  write(
    "junk.html",
    `<html><head><title>Junk</title></head><body><p>${asLatin1(junkBytes(0xa0, 0xff))}</p></body></html>`,
  );
  write(
    "rows.jsonl",
    [
      JSON.stringify({ id: "junk", title: "Junk row", text: asLatin1(junkBytes(0x01, 0xff)) }),
      JSON.stringify({ id: "fffd", title: "Broken row", text: "\uFFFD".repeat(200) }),
      JSON.stringify({ id: "zh", title: "央行降准", text: LANGUAGES.Chinese }),
      JSON.stringify({ id: "earnings", title: "ACME CORP 4TH QTR NET", text: FIGURES.earnings }),
    ].join("\n"),
  );
  write("russian.md", `---\ntitle: Ставка\n---\n\n${LANGUAGES.Russian}\n`);
  write("french.txt", Buffer.from(`La croissance\n${LANGUAGES.French}\n`, "latin1"));
  write("table.md", `---\ntitle: Results\n---\n\n${FIGURES.table}\n`);
  loaded = await loadCorpus(corpus, { maxFileBytes: 1024 * 1024 });
});
afterAll(() => cleanup?.());

describe("loadCorpus over junk and real text", () => {
  it("given binary junk in a .txt, .md, .html or JSONL row then each is skipped as not readable text, naming it", () => {
    for (const file of ["junk.txt", "junk.md", "junk.html", "rows.jsonl#L1"])
      expect(skipped(file), file).toMatchObject({
        code: ErrorCode.CorpusFileNotText,
        reason: expect.stringMatching(/^not readable text: .+ \(binary data read as text\?\)$/),
      });
    expect(skipped("rows.jsonl#L2")).toMatchObject({
      code: ErrorCode.CorpusFileNotText,
      reason: expect.stringMatching(/^not readable text: 100% of its characters are U\+FFFD .*save as UTF-8\)$/),
    });
  });

  it("given real Chinese, Russian, Latin-1 French and tables of figures then every one of them loads", () => {
    expect(loaded.articles.map((a) => a.id).sort()).toEqual(["french", "rows/earnings", "rows/zh", "russian", "table"]);
    expect(loaded.articles.find((a) => a.id === "french")!.text).toContain("« C'est une bonne surprise »");
  });
});
