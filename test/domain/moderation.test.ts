import { describe, expect, it } from "vitest";
import {
  decideStatus,
  matchWords,
  type Candidate,
  type ModerationFacts,
} from "../../worker/domain/moderation";
import { siteSettingsSchema, type SiteSettings } from "../../worker/domain/settings";

const now = new Date("2026-03-01T12:00:00.000Z");
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
const quiet = { count: 0, oldestAt: null };

function settings(overrides: Partial<SiteSettings> = {}): SiteSettings {
  return siteSettingsSchema.parse({ moderation: "none", ...overrides });
}

function candidate(overrides: Partial<Candidate> = {}): Candidate {
  return {
    body: "A thoughtful remark about the article.",
    authorName: "Ann",
    authorWebsite: null,
    email: "ann@example.com",
    linkCount: 0,
    submission: { honeypot: undefined, formTokenAgeSeconds: 60 },
    ...overrides,
  };
}

function facts(overrides: Partial<ModerationFacts> = {}): ModerationFacts {
  return {
    knownAuthor: true,
    authorBanned: false,
    networkBanned: false,
    duplicate: false,
    networkPerMinute: quiet,
    networkPerDay: quiet,
    emailPerMinute: quiet,
    emailPerDay: quiet,
    ...overrides,
  };
}

const decide = (c: Partial<Candidate>, f: Partial<ModerationFacts> = {}, s = settings()) =>
  decideStatus(candidate(c), facts(f), s, now);

describe("decideStatus, each rule alone", () => {
  it("approves an ordinary comment with no reasons", () => {
    expect(decide({})).toEqual({ kind: "store", status: "approved", reasons: [] });
  });

  it("marks a filled honeypot as spam, but not one holding only spaces", () => {
    const filled = { honeypot: "http://spam.example", formTokenAgeSeconds: 60 };
    expect(decide({ submission: filled })).toEqual({
      kind: "store",
      status: "spam",
      reasons: ["honeypot"],
    });
    expect(decide({ submission: { honeypot: "  ", formTokenAgeSeconds: 60 } })).toMatchObject({
      status: "approved",
    });
  });

  it("marks a form sent sooner than minSubmitSeconds after its token as too fast", () => {
    const s = settings({ minSubmitSeconds: 5 });
    const at = (age: number) =>
      decide({ submission: { honeypot: "", formTokenAgeSeconds: age } }, {}, s);
    expect(at(4.9)).toEqual({ kind: "store", status: "spam", reasons: ["too-fast"] });
    expect(at(5)).toMatchObject({ status: "approved" });
    expect(
      decide(
        { submission: { honeypot: "", formTokenAgeSeconds: 0 } },
        {},
        settings({ minSubmitSeconds: 0 }),
      ),
    ).toMatchObject({ status: "approved" });
  });

  it("treats a missing or forged form token as spam only when the site requires one", () => {
    const missing = { submission: { honeypot: undefined, formTokenAgeSeconds: null } };
    expect(decide(missing)).toMatchObject({ status: "approved" });
    expect(decide(missing, {}, settings({ requireFormToken: true }))).toEqual({
      kind: "store",
      status: "spam",
      reasons: ["missing-form-token"],
    });
  });

  it("marks a banned author or network as spam", () => {
    expect(decide({}, { authorBanned: true })).toEqual({
      kind: "store",
      status: "spam",
      reasons: ["banned-author"],
    });
    expect(decide({}, { networkBanned: true })).toEqual({
      kind: "store",
      status: "spam",
      reasons: ["banned-network"],
    });
  });

  it.each([
    ["networkPerMinute", 60],
    ["emailPerMinute", 60],
    ["networkPerDay", 86400],
    ["emailPerDay", 86400],
  ] as const)(
    "rate-limits at the %s limit until the oldest counted comment leaves the window",
    (window, seconds) => {
      const limit = seconds === 60 ? 5 : 50;
      const s = settings({ rateLimitPerMinute: 5, rateLimitPerDay: 50 });
      const oldestAt = secondsAgo(seconds - 10);
      expect(decide({}, { [window]: { count: limit, oldestAt } }, s)).toEqual({
        kind: "rate-limited",
        retryAfterSeconds: 10,
      });
      expect(decide({}, { [window]: { count: limit - 1, oldestAt } }, s)).toMatchObject({
        kind: "store",
      });
    },
  );

  it("answers the longest wait when several windows are full, and never less than a second", () => {
    const verdict = decide(
      {},
      {
        networkPerMinute: { count: 5, oldestAt: secondsAgo(30) },
        emailPerDay: { count: 50, oldestAt: secondsAgo(86400 - 100) },
      },
    );
    expect(verdict).toEqual({ kind: "rate-limited", retryAfterSeconds: 100 });
    expect(decide({}, { emailPerMinute: { count: 5, oldestAt: secondsAgo(60) } })).toEqual({
      kind: "rate-limited",
      retryAfterSeconds: 1,
    });
  });

  it("refuses the same author posting the same text on the same page again", () => {
    expect(decide({}, { duplicate: true })).toEqual({ kind: "duplicate" });
  });

  it("marks a block word as spam and holds a hold word for review", () => {
    const s = settings({ blockWords: ["viagra"], holdWords: ["refund"] });
    expect(decide({ body: "Cheap viagra here" }, {}, s)).toEqual({
      kind: "store",
      status: "spam",
      reasons: ["block-word:viagra"],
    });
    expect(decide({ body: "I want a refund." }, {}, s)).toEqual({
      kind: "store",
      status: "pending",
      reasons: ["hold-word:refund"],
    });
  });

  it("holds a comment with more links than maxLinks", () => {
    expect(decide({ linkCount: 3 }, {}, settings({ maxLinks: 2 }))).toEqual({
      kind: "store",
      status: "pending",
      reasons: ["too-many-links"],
    });
    expect(decide({ linkCount: 2 }, {}, settings({ maxLinks: 2 }))).toMatchObject({
      status: "approved",
    });
  });

  it("holds unknown authors in first-time mode, everyone in all mode, no one in none mode", () => {
    const firstTime = settings({ moderation: "first-time" });
    expect(decide({}, { knownAuthor: false }, firstTime)).toEqual({
      kind: "store",
      status: "pending",
      reasons: ["first-time-author"],
    });
    expect(decide({}, { knownAuthor: true }, firstTime)).toMatchObject({ status: "approved" });
    expect(decide({}, { knownAuthor: true }, settings({ moderation: "all" }))).toEqual({
      kind: "store",
      status: "pending",
      reasons: ["moderation-all"],
    });
    expect(decide({}, { knownAuthor: false })).toMatchObject({ status: "approved" });
  });
});

describe("decideStatus, rules in combination", () => {
  it("lets the honeypot win over every other rule", () => {
    const verdict = decide(
      { body: "viagra", submission: { honeypot: "x", formTokenAgeSeconds: 60 } },
      {
        authorBanned: true,
        duplicate: true,
        networkPerMinute: { count: 99, oldestAt: secondsAgo(1) },
      },
      settings({ blockWords: ["viagra"] }),
    );
    expect(verdict).toEqual({ kind: "store", status: "spam", reasons: ["honeypot"] });
  });

  it("marks a banned author who uses a block word as spam for the ban only", () => {
    const verdict = decide(
      { body: "buy viagra" },
      { authorBanned: true },
      settings({ blockWords: ["viagra"] }),
    );
    expect(verdict).toEqual({ kind: "store", status: "spam", reasons: ["banned-author"] });
  });

  it("stores a banned author's comment as spam rather than telling them about the rate limit", () => {
    const busy = { count: 5, oldestAt: secondsAgo(1) };
    expect(decide({}, { networkBanned: true, networkPerMinute: busy })).toMatchObject({
      kind: "store",
      status: "spam",
    });
  });

  it("rate-limits before it looks for duplicates or words", () => {
    const busy = { count: 5, oldestAt: secondsAgo(1) };
    const s = settings({ blockWords: ["viagra"] });
    expect(decide({ body: "viagra" }, { duplicate: true, emailPerMinute: busy }, s)).toMatchObject({
      kind: "rate-limited",
    });
  });

  it("lets a block word win over hold words, links and moderation mode", () => {
    const s = settings({ moderation: "all", blockWords: ["casino"], holdWords: ["refund"] });
    expect(decide({ body: "casino refund", linkCount: 9 }, {}, s)).toEqual({
      kind: "store",
      status: "spam",
      reasons: ["block-word:casino"],
    });
  });

  it("gives every reason for holding a comment at once", () => {
    const s = settings({ moderation: "first-time", holdWords: ["refund", "lawyer"], maxLinks: 0 });
    const verdict = decide(
      { body: "Refund or my lawyer calls", linkCount: 1 },
      { knownAuthor: false },
      s,
    );
    expect(verdict).toEqual({
      kind: "store",
      status: "pending",
      reasons: ["hold-word:refund", "hold-word:lawyer", "too-many-links", "first-time-author"],
    });
  });

  it("judges an author's edit without the form, rate and duplicate checks", () => {
    const edit = { submission: undefined };
    const busy = { count: 99, oldestAt: secondsAgo(1) };
    const s = settings({ requireFormToken: true, blockWords: ["viagra"] });
    expect(decide(edit, { duplicate: true, emailPerMinute: busy }, s)).toEqual({
      kind: "store",
      status: "approved",
      reasons: [],
    });
    expect(decide({ ...edit, body: "viagra" }, {}, s)).toMatchObject({ status: "spam" });
    expect(decide(edit, { authorBanned: true }, s)).toMatchObject({ reasons: ["banned-author"] });
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

  it("finds block words in the name, website and email as well as the body", () => {
    const s = settings({ blockWords: ["casino"] });
    const spam = { kind: "store", status: "spam", reasons: ["block-word:casino"] };
    expect(decide({ authorName: "Casino King" }, {}, s)).toEqual(spam);
    expect(decide({ authorWebsite: "https://casino.example/" }, {}, s)).toEqual(spam);
    expect(decide({ email: "win@casino.example" }, {}, s)).toEqual(spam);
    expect(decide({ email: "win@casinos.example" }, {}, s)).toMatchObject({ status: "approved" });
  });
});
