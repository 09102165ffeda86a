import { describe, expect, it } from "vitest";
import {
  judgeContent,
  judgeEdit,
  matchWords,
  nameKey,
  type AuthorStanding,
  type ContentCandidate,
} from "../../worker/domain/moderation";
import { siteSettingsSchema, type SiteSettings } from "../../worker/schemas/settings";

function settings(overrides: Partial<SiteSettings> = {}): SiteSettings {
  return siteSettingsSchema.parse({ moderation: "none", ...overrides });
}

function candidate(overrides: Partial<ContentCandidate> = {}): ContentCandidate {
  return {
    body: "A thoughtful remark about the article.",
    authorName: "Ann",
    authorWebsite: null,
    email: "ann@example.com",
    linkCount: 0,
    ...overrides,
  };
}

const known: AuthorStanding = { knownAuthor: true, authorBanned: false, networkBanned: false };
const judge = (c: Partial<ContentCandidate>, s = settings(), standing = known) =>
  judgeContent(candidate(c), standing, s);

describe("judgeContent, each rule alone", () => {
  it("approves an ordinary comment with no reasons", () => {
    expect(judge({})).toEqual({ status: "approved", reasons: [] });
  });

  it("marks a block word as spam and holds a hold word for review", () => {
    const s = settings({ blockWords: ["viagra"], holdWords: ["refund"] });
    expect(judge({ body: "Cheap viagra here" }, s)).toEqual({
      status: "spam",
      reasons: ["block-word:viagra"],
    });
    expect(judge({ body: "I want a refund." }, s)).toEqual({
      status: "pending",
      reasons: ["hold-word:refund"],
    });
  });

  it("holds a comment with more links than maxLinks", () => {
    expect(judge({ linkCount: 3 }, settings({ maxLinks: 2 }))).toEqual({
      status: "pending",
      reasons: ["too-many-links"],
    });
    expect(judge({ linkCount: 2 }, settings({ maxLinks: 2 }))).toMatchObject({
      status: "approved",
    });
  });

  it("holds unknown authors in first-time mode, everyone in all mode, no one in none mode", () => {
    const stranger = { ...known, knownAuthor: false };
    const firstTime = settings({ moderation: "first-time" });
    expect(judge({}, firstTime, stranger)).toEqual({
      status: "pending",
      reasons: ["first-time-author"],
    });
    expect(judge({}, firstTime)).toMatchObject({ status: "approved" });
    expect(judge({}, settings({ moderation: "all" }))).toEqual({
      status: "pending",
      reasons: ["moderation-all"],
    });
    expect(judge({}, settings(), stranger)).toMatchObject({ status: "approved" });
  });

  it("lets a known author through first-time mode only verified where the site asks for it", () => {
    const mustVerify = settings({ moderation: "first-time", knownAuthorsMustVerify: true });
    expect(judge({}, mustVerify)).toEqual({ status: "pending", reasons: ["unverified-author"] });
    expect(judge({}, mustVerify, { ...known, verified: true })).toMatchObject({
      status: "approved",
    });
    // Verified is not known: a stranger's first comment waits either way.
    expect(judge({}, mustVerify, { ...known, knownAuthor: false, verified: true })).toEqual({
      status: "pending",
      reasons: ["first-time-author"],
    });
  });
});

describe("judgeContent, rules in combination", () => {
  it("lets a block word win over hold words, links and moderation mode", () => {
    const s = settings({ moderation: "all", blockWords: ["casino"], holdWords: ["refund"] });
    expect(judge({ body: "casino refund", linkCount: 9 }, s)).toEqual({
      status: "spam",
      reasons: ["block-word:casino"],
    });
  });

  it("gives every reason for holding a comment at once", () => {
    const s = settings({ moderation: "first-time", holdWords: ["refund", "lawyer"], maxLinks: 0 });
    expect(
      judge({ body: "Refund or my lawyer calls", linkCount: 1 }, s, {
        ...known,
        knownAuthor: false,
      }),
    ).toEqual({
      status: "pending",
      reasons: ["hold-word:refund", "hold-word:lawyer", "too-many-links", "first-time-author"],
    });
  });

  it("finds block words in the name, website and email as well as the body", () => {
    const s = settings({ blockWords: ["casino"] });
    const spam = { status: "spam", reasons: ["block-word:casino"] };
    expect(judge({ authorName: "Casino King" }, s)).toEqual(spam);
    expect(judge({ authorWebsite: "https://casino.example/" }, s)).toEqual(spam);
    expect(judge({ email: "win@casino.example" }, s)).toEqual(spam);
    expect(judge({ email: "win@casinos.example" }, s)).toMatchObject({ status: "approved" });
  });
});

describe("judgeEdit", () => {
  it("meets the bans first, then the content rules", () => {
    const s = settings({ blockWords: ["viagra"] });
    expect(
      judgeEdit(candidate({ body: "buy viagra" }), { ...known, authorBanned: true }, s),
    ).toEqual({ status: "spam", reasons: ["banned-author"] });
    expect(judgeEdit(candidate({}), { ...known, networkBanned: true }, s)).toEqual({
      status: "spam",
      reasons: ["banned-network"],
    });
    expect(judgeEdit(candidate({ body: "viagra" }), known, s)).toMatchObject({ status: "spam" });
    expect(judgeEdit(candidate({}), known, s)).toEqual({ status: "approved", reasons: [] });
  });
});

describe("matchWords", () => {
  it("matches whole words regardless of case and accents", () => {
    expect(matchWords("Buy VIÁGRA now", ["viagra"])).toEqual(["viagra"]);
    expect(matchWords("Buy viagra now", ["Viágra"])).toEqual(["Viágra"]);
    expect(matchWords("viagraX and Xviagra and viagra2", ["viagra"])).toEqual([]);
    expect(matchWords("(viagra).", ["viagra"])).toEqual(["viagra"]);
  });

  it("matches phrases and words with punctuation literally", () => {
    expect(matchWords("please buy now!", ["buy now"])).toEqual(["buy now"]);
    expect(matchWords("I use c++ daily", ["c++"])).toEqual(["c++"]);
    expect(matchWords("a.b", ["a*b"])).toEqual([]);
  });

  it("needs no word boundary at an edge that is punctuation, such as a domain", () => {
    expect(matchWords("write to me@spam.example", ["@spam.example"])).toEqual(["@spam.example"]);
    expect(matchWords("see https://shop.ru/x", [".ru"])).toEqual([".ru"]);
    expect(matchWords("see https://shop.run/x", [".ru"])).toEqual([]);
  });

  it("returns nothing for an empty word list or blank words", () => {
    expect(matchWords("anything", [])).toEqual([]);
    expect(matchWords("anything", ["  "])).toEqual([]);
  });
});

describe("nameKey", () => {
  it("lowercases ASCII letters only, exactly as SQLite's lower() does", () => {
    expect(nameKey("Ann LEE")).toBe("ann lee");
    expect(nameKey("ÉMILE Zoë")).toBe("Émile zoë");
  });
});
