/**
 * The posting pipeline's order, rule by rule, on facts made up here: which step decides,
 * which refusals count as attempts, and when the outside opinions are asked.
 */
import { describe, expect, it } from "vitest";
import type { CommentRecord } from "../../worker/domain/comment";
import {
  decidePosting,
  storedSpamPerNetworkPerDay,
  type AkismetOpinion,
  type AttemptCounts,
  type PostingFacts,
  type Submission,
  type TurnstileOpinion,
} from "../../worker/domain/posting";
import { siteSettingsSchema, type SiteSettings } from "../../worker/schemas/settings";
import type { Site } from "../../worker/domain/site";
import type { Thread } from "../../worker/domain/thread";

const now = new Date("2026-03-01T12:00:00.000Z");
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
const quiet = { count: 0, oldestAt: null };
const origin = "https://blog.example";

function site(overrides: Partial<SiteSettings> = {}): Site {
  return {
    id: "blog",
    name: "Blog",
    origins: [origin],
    settings: siteSettingsSchema.parse({ moderation: "none", ...overrides }),
    createdAt: secondsAgo(1e6),
    updatedAt: secondsAgo(1e6),
  };
}

function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    body: "A thoughtful remark about the article.",
    authorName: "Ann",
    authorWebsite: null,
    email: "ann@example.com",
    parentId: null,
    pageOrigin: origin,
    honeypot: undefined,
    formTokenAgeSeconds: 60,
    ...overrides,
  };
}

const thread: Thread = {
  id: 7,
  siteId: "blog",
  key: "/post",
  url: `${origin}/post`,
  title: "Post",
  closed: false,
  count: 1,
  createdAt: secondsAgo(86400),
  openedAt: secondsAgo(86400),
  reactions: null,
};

function parent(overrides: Partial<CommentRecord> = {}): CommentRecord {
  return {
    id: "c_parent0001",
    siteId: "blog",
    threadId: thread.id,
    parentId: null,
    rootId: "c_parent0001",
    depth: 1,
    pinnedAt: null,
    moderatorId: null,
    likeCount: 0,
    verifiedAt: null,
    sourceKind: null,
    sourceId: null,
    sourceUrl: null,
    status: "approved",
    authorName: "Bo",
    authorWebsite: null,
    emailEncrypted: null,
    emailHash: null,
    avatar: "00",
    networkHash: null,
    body: "Parent",
    html: "<p>Parent</p>",
    dedupKey: null,
    reasons: [],
    createdAt: secondsAgo(3600),
    editedAt: null,
    deletedAt: null,
    replyCount: 0,
    ...overrides,
  };
}

function facts(
  overrides: Partial<Omit<PostingFacts, "attempts">> = {},
  attempts: Partial<AttemptCounts> = {},
): PostingFacts {
  return {
    thread,
    parent: null,
    knownAuthor: true,
    authorBanned: false,
    networkBanned: false,
    duplicate: false,
    attempts: {
      networkPerMinute: quiet,
      networkPerDay: quiet,
      emailPerMinute: quiet,
      emailPerDay: quiet,
      spamStoredToday: 0,
      ...attempts,
    },
    ...overrides,
  };
}

/** Outside opinions that answer as told and remember being asked. */
function opinions(turnstile: TurnstileOpinion = "passed", akismet: AkismetOpinion = "ham") {
  const asked: string[] = [];
  return {
    asked,
    ask: {
      turnstile: async () => {
        asked.push("turnstile");
        return turnstile;
      },
      akismet: async () => {
        asked.push("akismet");
        return akismet;
      },
    },
  };
}

async function decide(
  s: Partial<Submission> = {},
  f: PostingFacts = facts(),
  onSite: Site = site(),
  outside = opinions(),
) {
  return decidePosting(submission(s), f, onSite, now, outside.ask);
}

describe("the posting pipeline, step by step", () => {
  it("approves an ordinary comment, rendered, with no reasons", async () => {
    expect(await decide({ body: "Hi *there*" })).toEqual({
      outcome: "stored",
      status: "approved",
      reasons: [],
      html: "<p>Hi <em>there</em></p>",
    });
  });

  it("refuses what the reader can fix without counting an attempt", async () => {
    const refused = (fields: string[]) => ({
      outcome: "refused",
      counted: false,
      refusal: {
        code: "invalid_input",
        fields: Object.fromEntries(fields.map((f) => [f, expect.any(String)])),
      },
    });
    expect(await decide({ authorName: "", email: null })).toEqual(
      refused(["author.name", "author.email"]),
    );
    expect(await decide({ body: "x".repeat(41) }, facts(), site({ maxLength: 40 }))).toEqual(
      refused(["body"]),
    );
    expect(await decide({ pageOrigin: "https://evil.example" })).toEqual(refused(["page.url"]));
    const reply = { parentId: "c_parent0001" };
    expect(await decide(reply, facts({ parent: parent({ status: "pending" }) }))).toEqual(
      refused(["parentId"]),
    );
    expect(await decide(reply, facts({ parent: parent({ threadId: 8 }) }))).toEqual(
      refused(["parentId"]),
    );
    expect(
      await decide(reply, facts({ parent: parent({ depth: 2 }) }), site({ maxDepth: 2 })),
    ).toEqual(refused(["parentId"]));
  });

  it("refuses a thread closed by hand, or older than closeAfterDays since its first approved comment", async () => {
    const closed = { outcome: "refused", counted: false, refusal: { code: "thread_closed" } };
    expect(await decide({}, facts({ thread: { ...thread, closed: true } }))).toEqual(closed);
    const old = { ...thread, openedAt: secondsAgo(3 * 86400) };
    expect(await decide({}, facts({ thread: old }), site({ closeAfterDays: 2 }))).toEqual(closed);
    // A thread no comment has been approved on has not started its clock.
    const unopened = { ...thread, createdAt: secondsAgo(9 * 86400), openedAt: null };
    expect(
      await decide({}, facts({ thread: unopened }), site({ closeAfterDays: 2 })),
    ).toMatchObject({ outcome: "stored" });
  });

  it.each([
    ["networkPerMinute", 60],
    ["emailPerMinute", 60],
    ["networkPerDay", 86400],
    ["emailPerDay", 86400],
  ] as const)(
    "limits attempts at the %s limit until the oldest counted one leaves the window",
    async (window, seconds) => {
      const limit = seconds === 60 ? 5 : 50;
      const s = site({ rateLimitPerMinute: 5, rateLimitPerDay: 50 });
      const oldestAt = secondsAgo(seconds - 10);
      expect(await decide({}, facts({}, { [window]: { count: limit, oldestAt } }), s)).toEqual({
        outcome: "refused",
        counted: false,
        refusal: { code: "rate_limited", retryAfterSeconds: 10 },
      });
      expect(
        await decide({}, facts({}, { [window]: { count: limit - 1, oldestAt } }), s),
      ).toMatchObject({ outcome: "stored" });
    },
  );

  it("answers the longest wait when several windows are full, and never less than a second", async () => {
    const busy = facts(
      {},
      {
        networkPerMinute: { count: 5, oldestAt: secondsAgo(30) },
        emailPerDay: { count: 50, oldestAt: secondsAgo(86400 - 100) },
      },
    );
    expect(await decide({}, busy)).toMatchObject({
      refusal: { code: "rate_limited", retryAfterSeconds: 100 },
    });
    const edge = facts({}, { emailPerMinute: { count: 5, oldestAt: secondsAgo(60) } });
    expect(await decide({}, edge)).toMatchObject({ refusal: { retryAfterSeconds: 1 } });
  });

  it("limits before any trap, so spam pays the limit too", async () => {
    const busy = facts({}, { networkPerMinute: { count: 5, oldestAt: secondsAgo(1) } });
    expect(await decide({ honeypot: "x" }, busy)).toMatchObject({
      refusal: { code: "rate_limited" },
    });
  });

  it("marks a filled honeypot, a form sent too fast, and a missing token where required as spam", async () => {
    expect(await decide({ honeypot: "http://spam.example" })).toMatchObject({
      outcome: "stored",
      status: "spam",
      reasons: ["honeypot"],
    });
    expect(await decide({ honeypot: "  " })).toMatchObject({ status: "approved" });
    const slow = site({ minSubmitSeconds: 5 });
    expect(await decide({ formTokenAgeSeconds: 4.9 }, facts(), slow)).toMatchObject({
      status: "spam",
      reasons: ["too-fast"],
    });
    expect(await decide({ formTokenAgeSeconds: 5 }, facts(), slow)).toMatchObject({
      status: "approved",
    });
    expect(await decide({ formTokenAgeSeconds: null })).toMatchObject({ status: "approved" });
    expect(
      await decide({ formTokenAgeSeconds: null }, facts(), site({ requireFormToken: true })),
    ).toMatchObject({ status: "spam", reasons: ["missing-form-token"] });
  });

  it("stores a network's first few spam comments a day, and only answers the rest", async () => {
    const full = facts({}, { spamStoredToday: storedSpamPerNetworkPerDay });
    expect(await decide({ honeypot: "x" }, full)).toEqual({
      outcome: "dropped",
      reasons: ["honeypot"],
    });
    expect(await decide({}, facts({ authorBanned: true }, { spamStoredToday: 99 }))).toEqual({
      outcome: "dropped",
      reasons: ["banned-author"],
    });
  });

  it("asks Turnstile only once the free traps passed, and refuses its no with a counted 400", async () => {
    const s = site({ turnstileSiteKey: "1x00000000000000000000AA" });
    const trapped = opinions("failed");
    expect(await decide({ honeypot: "x" }, facts(), s, trapped)).toMatchObject({ status: "spam" });
    expect(trapped.asked).toEqual([]);

    for (const opinion of ["missing", "failed", "expired", "unavailable"] as const) {
      const outside = opinions(opinion);
      expect(await decide({}, facts(), s, outside)).toEqual({
        outcome: "refused",
        counted: true,
        refusal: { code: "invalid_input", fields: { turnstileToken: expect.any(String) } },
      });
      expect(outside.asked).toEqual(["turnstile"]);
    }
    const passed = opinions("passed");
    expect(await decide({}, facts(), s, passed)).toMatchObject({ status: "approved" });
    const withoutKey = opinions("failed");
    expect(await decide({}, facts(), site(), withoutKey)).toMatchObject({ status: "approved" });
    expect(withoutKey.asked).toEqual([]);
  });

  it("marks a banned author or network as spam before it looks for duplicates", async () => {
    expect(await decide({}, facts({ authorBanned: true, duplicate: true }))).toMatchObject({
      status: "spam",
      reasons: ["banned-author"],
    });
    expect(await decide({}, facts({ networkBanned: true }))).toMatchObject({
      status: "spam",
      reasons: ["banned-network"],
    });
  });

  it("refuses a duplicate as a counted attempt", async () => {
    expect(await decide({}, facts({ duplicate: true }))).toEqual({
      outcome: "refused",
      counted: true,
      refusal: { code: "duplicate" },
    });
  });

  it("asks Akismet after every free rule, where the site uses it", async () => {
    const s = site({ akismet: true, blockWords: ["viagra"] });
    const dup = opinions();
    await decide({}, facts({ duplicate: true }), s, dup);
    expect(dup.asked).toEqual([]);

    expect(await decide({}, facts(), s, opinions("passed", "spam"))).toMatchObject({
      outcome: "stored",
      status: "spam",
      reasons: ["akismet"],
    });
    expect(await decide({}, facts(), s, opinions("passed", "discard"))).toEqual({
      outcome: "dropped",
      reasons: ["akismet-discard"],
    });
    expect(
      await decide({ body: "viagra" }, facts(), s, opinions("passed", "unavailable")),
    ).toMatchObject({ status: "spam", reasons: ["akismet-unavailable", "block-word:viagra"] });
    expect(await decide({}, facts(), s, opinions("passed", "ham"))).toMatchObject({
      status: "approved",
      reasons: [],
    });
    const off = opinions("passed", "spam");
    expect(await decide({}, facts(), site(), off)).toMatchObject({ status: "approved" });
    expect(off.asked).toEqual([]);
  });

  it("ends with the content rules: words, links and the moderation mode", async () => {
    const s = site({ holdWords: ["refund"], moderation: "first-time", maxLinks: 0 });
    expect(
      await decide({ body: "refund at https://a.example" }, facts({ knownAuthor: false }), s),
    ).toMatchObject({
      status: "pending",
      reasons: ["hold-word:refund", "too-many-links", "first-time-author"],
    });
  });
});
