import { describe, expect, it } from "vitest";
import { answerCandidates, type QuestionCues, questionCues } from "../../src/answer/answer-cues.js";

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
    // The question's own wh-phrase decides, not a later clause's.
    ["How many investors lost money when the dairy firm collapsed?", "amount"],
    ["When did the minister say why prices rose?", "date"],
  ])("given %j then the answer type is %s", (question, type) => {
    expect(questionCues(question).type).toBe(type);
  });
});

/** How sure a sign of the asked kind of answer the sentence holds, in [0, 1]. */
const strength = (sentence: string, cues: QuestionCues) => answerCandidates(sentence, cues).strength;

describe("answerCandidates", () => {
  const many = questionCues("How many smokers does China have, according to the report on its tobacco ban?");

  it("given an amount question then the sentence with a new number matches and the subject sentence does not", () => {
    expect(strength("China has 350 million smokers who smoke 1.7 trillion cigarettes a year.", many)).toBe(1);
    expect(strength("China, the biggest tobacco consumer, has banned new tobacco factories.", many)).toBe(0);
  });

  it("given a number the question already holds then it is no answer", () => {
    const cues = questionCues("How much did profits rise in 2004?");
    expect(strength("Profits rose in 2004, the firm said.", cues)).toBe(0);
    expect(strength("Profits rose 52% in 2004.", cues)).toBe(1);
  });

  it("given a how-many question then a bare year is no amount, and the candidate's offset points at the figure", () => {
    const cues = questionCues("How many investors lost money when the dairy firm collapsed?");
    expect(strength("The firm was placed into bankruptcy protection in 2003.", cues)).toBe(0);
    const sentence = "In 2003 more than 130,000 people lost money.";
    const { offsets } = answerCandidates(sentence, cues);
    expect(offsets.map((at) => sentence.slice(at, at + 3))).toEqual(["130"]);
  });

  it("given a who question then a name the question lacks matches, not the names it repeats", () => {
    const who = questionCues("Who will play Maria in the Vienna production?");
    expect(strength("Maria will be played by Austro-Australian singer Sandra Pires.", who)).toBe(1);
    expect(strength("The production opens in Vienna, where Maria is a well-loved role.", who)).toBe(0);
  });

  it("given a when question then a date matches", () => {
    const when = questionCues("When did Edward III found the Duchy?");
    expect(strength("It was set up in 1337 by King Edward III.", when)).toBe(1);
    expect(strength("The Duchy pays for the heir's household.", when)).toBe(0);
  });

  it("given a how-long question then a duration matches", () => {
    const long = questionCues("How long a ban do British performers risk?");
    expect(strength("You risk a five-year ban if the form is wrong.", long)).toBe(1);
    expect(strength("British performers are disadvantaged, the union said.", long)).toBe(0);
  });

  it("given a why question then a causal clause matches", () => {
    const why = questionCues("Why did the commission rule the stake too high?");
    expect(strength("They say the firm is a risk because of alleged ties abroad.", why)).toBe(1);
    expect(strength("The commission ruled the stake too high.", why)).toBe(0);
  });
});
