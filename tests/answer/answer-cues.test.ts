import { describe, expect, it } from "vitest";
import { answerTypeMatch, questionCues } from "../../src/answer/answer-cues.js";

describe("questionCues", () => {
  it.each([
    ["How many smokers does China have?", "amount"],
    ["By what percentage did the stock tumble?", "amount"],
    ["how big is the restructuring charge for moving", "amount"],
    ["In what year did Edward III found the Duchy of Cornwall?", "date"],
    ["When was the treaty signed?", "date"],
    ["How long a ban do performers risk?", "duration"],
    ["Which Babyshambles guitarist did Pete Doherty fight?", "person"],
    ["Who will play Maria in Vienna?", "person"],
    ["At which Copenhagen stadium will the concert be held?", "place"],
    ["Where did Super Bowl 50 take place?", "place"],
    ["What nickname did Ray Mallon earn?", "name"],
    ["Why did Ozzy Osbourne end the show?", "reason"],
    ["Tell me about the metaverse", "other"],
    ["Which songwriter co-wrote Ring of Fire?", "person"],
    ["Which charity will receive the money?", "name"],
  ])("given %j then the answer type is %s", (question, type) => {
    expect(questionCues(question).type).toBe(type);
  });
});

describe("answerTypeMatch", () => {
  const many = questionCues("How many smokers does China have, according to the report on its tobacco ban?");

  it("given an amount question then the sentence with a new number matches and the subject sentence does not", () => {
    expect(answerTypeMatch("China has 350 million smokers who smoke 1.7 trillion cigarettes a year.", many)).toBe(1);
    expect(answerTypeMatch("China, the biggest tobacco consumer, has banned new tobacco factories.", many)).toBe(0);
  });

  it("given a number the question already holds then it is no answer", () => {
    const cues = questionCues("How much did profits rise in 2004?");
    expect(answerTypeMatch("Profits rose in 2004, the firm said.", cues)).toBe(0);
    expect(answerTypeMatch("Profits rose 52% in 2004.", cues)).toBe(1);
  });

  it("given a who question then a name the question lacks matches, not the names it repeats", () => {
    const who = questionCues("Who will play Maria in the Vienna production?");
    expect(answerTypeMatch("Maria will be played by Austro-Australian singer Sandra Pires.", who)).toBe(1);
    expect(answerTypeMatch("The production opens in Vienna, where Maria is a well-loved role.", who)).toBe(0);
  });

  it("given a when question then a date matches", () => {
    const when = questionCues("When did Edward III found the Duchy?");
    expect(answerTypeMatch("It was set up in 1337 by King Edward III.", when)).toBe(1);
    expect(answerTypeMatch("The Duchy pays for the heir's household.", when)).toBe(0);
  });

  it("given a how-long question then a duration matches", () => {
    const long = questionCues("How long a ban do British performers risk?");
    expect(answerTypeMatch("You risk a five-year ban if the form is wrong.", long)).toBe(1);
    expect(answerTypeMatch("British performers are disadvantaged, the union said.", long)).toBe(0);
  });

  it("given a why question then a causal clause matches", () => {
    const why = questionCues("Why did the commission rule the stake too high?");
    expect(answerTypeMatch("They say the firm is a risk because of alleged ties abroad.", why)).toBe(1);
    expect(answerTypeMatch("The commission ruled the stake too high.", why)).toBe(0);
  });
});
