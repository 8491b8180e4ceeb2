import { describe, expect, it } from "vitest";
import { holdsAnswer, normalizeAnswer } from "../../src/eval/answer-match.js";

describe("normalizeAnswer", () => {
  it("given punctuation, articles and case then it normalises as SQuAD does", () => {
    expect(normalizeAnswer("The Denver Broncos!")).toBe("denver broncos");
    expect(normalizeAnswer("Levi's Stadium, in  Santa Clara")).toBe("levis stadium in santa clara");
  });
});

describe("holdsAnswer", () => {
  it("given the answer inside a sentence then it is found, whatever the punctuation around it", () => {
    expect(holdsAnswer("Reuters said profits grew 52% in 2004.", ["52%"])).toBe(true);
    expect(holdsAnswer("It cost £8.2bn a year.", ["£8.2bn"])).toBe(true);
    expect(holdsAnswer("They met Ruhi Dogusoy, the COO.", ["ruhi dogusoy"])).toBe(true);
  });

  it("given only part of a number or word then it is not an answer", () => {
    expect(holdsAnswer("About 300 jobs were lost.", ["3"])).toBe(false);
    expect(holdsAnswer("The Broncos won.", ["Bronco"])).toBe(false);
    expect(holdsAnswer("anything", [""])).toBe(false);
  });
});
