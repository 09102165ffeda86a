/**
 * The thread fragment as a function of its inputs: byte for byte the markup it wrote before
 * its templates escaped by default (test/fixtures/golden-html.ts) for ordinary threads, and
 * everything a reader or a site owner wrote escaped wherever it lands, between tags or in
 * an attribute. Through HTTP: test/worker/thread-html.test.ts and html-escaping.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { PublicComment } from "../../worker/domain/comment";
import {
  renderThreadHtml,
  type FragmentContext,
  type ThreadView,
} from "../../worker/domain/thread-html";
import type { ThreadStrings } from "../../worker/domain/thread-strings";
import { goldenThread } from "../fixtures/golden-html";
import { escaped, hostile } from "../fixtures/hostile-text";

const strings: ThreadStrings = {
  count: { one: "{n} comment", other: "{n} comments" },
  empty: "Be the first to comment",
  anonymous: "Anonymous",
  closed: "Comments are closed.",
  pending: "Your comment is awaiting moderation.",
  deletedNote: "This comment was deleted.",
  edited: "edited",
  moderator: "Moderator",
  pinned: "Pinned",
  verified: "Verified",
  loadMore: "Load more comments",
  moreReplies: { one: "Show {n} more reply", other: "Show {n} more replies" },
  likeLabel: "Like ({n})",
  reactionsLabel: "Reactions",
  reactions: { heart: "Love", clap: "Applause" },
  needsScript: "Posting a comment here needs JavaScript.",
  leaveReply: "Leave a Reply",
  notice: "Your email address will not be published. Required fields are marked *",
  comment: "Comment",
  name: "Name",
  email: "Email",
  website: "Website",
  post: "Post Comment",
  signIn: "Sign in to comment",
};

function comment(fields: Partial<PublicComment> & { moreReplies?: number }) {
  return {
    id: "c1",
    parentId: null,
    author: { name: "Ann", website: null, avatar: "a1" },
    html: "<p>Hello <em>there</em></p>",
    createdAt: "2026-12-02T16:30:00.000Z",
    editedAt: null,
    replies: [],
    ...fields,
  };
}

const config = { requireEmail: true, requireName: false, maxLength: 5000, turnstileSiteKey: null };

function view(fields: Partial<ThreadView> = {}, thread: Partial<ThreadView["thread"]> = {}) {
  return {
    thread: { key: "/post/", url: null, title: "A post", count: 4, closed: false, ...thread },
    comments: [
      comment({
        author: { name: "Ann", website: "https://ann.example/", avatar: "a1" },
        pinned: true,
        likes: 3,
        moreReplies: 2,
        replies: [
          comment({ id: "c2", parentId: "c1", author: { name: "", website: null, avatar: "a2" } }),
        ],
      }),
      comment({
        id: "c3",
        deleted: true,
        html: "",
        author: { name: "", website: null, avatar: "" },
      }),
      comment({ id: "c4", moderator: true, editedAt: "2026-12-03T08:05:00.000Z" }),
    ],
    nextCursor: "cur.sor",
    config,
    ...fields,
  } satisfies ThreadView;
}

function context(fields: Partial<FragmentContext> = {}): FragmentContext {
  return {
    siteId: "blog",
    workerOrigin: "https://comments.example",
    pageUrl: "https://blog.example/post/",
    formToken: "token.abc",
    sort: "oldest",
    lang: "en",
    s: strings,
    ...fields,
  };
}

const dates = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** A golden fragment with its dates in this runtime's words. */
const withDates = (golden: string) =>
  golden.replace(/\{date:([^}]+)\}/g, (_, iso: string) => `${dates.format(new Date(iso))} UTC`);

describe("the thread fragment", () => {
  it("renders an ordinary thread as it always has, byte for byte", () => {
    const html = renderThreadHtml(view(), context(), '"t1-html-en"');
    expect(html).toBe(withDates(goldenThread.ordinary));
  });

  it("renders an empty thread, a closed one and one behind Turnstile as it always has", () => {
    const empty = view({ comments: [], nextCursor: null }, { count: 0, title: null });
    expect(renderThreadHtml(empty, context(), '"t2"')).toBe(withDates(goldenThread.empty));
    const closed = view({ comments: [], nextCursor: null }, { count: 0, closed: true });
    expect(renderThreadHtml(closed, context(), '"t3"')).toBe(withDates(goldenThread.closed));
    const guarded = view({ nextCursor: null, config: { ...config, turnstileSiteKey: "key" } });
    expect(renderThreadHtml(guarded, context(), '"t4"')).toBe(withDates(goldenThread.guarded));
  });

  it("shows only the site's sign-in, no form, where anonymous comments are off", () => {
    const signIn = { loginUrl: "https://blog.example/login?next=<x>", anonymous: false };
    const only = view({ nextCursor: null, config: { ...config, signIn } });
    const html = renderThreadHtml(only, context(), '"t5"');
    expect(html).toContain(
      '<p class="sign-in"><a href="https://blog.example/login?next=&lt;x&gt;">Sign in to comment</a></p>',
    );
    expect(html).not.toContain("<form");
    const noLink = view({
      nextCursor: null,
      config: { ...config, signIn: { ...signIn, loginUrl: null } },
    });
    expect(renderThreadHtml(noLink, context(), '"t6"')).toContain(
      '<p class="sign-in">Sign in to comment</p>',
    );
    // Anonymous comments on: the form as always.
    const open = view({
      nextCursor: null,
      config: { ...config, signIn: { ...signIn, anonymous: true } },
    });
    expect(renderThreadHtml(open, context(), '"t7"')).toContain('<form id="parley-form"');
  });

  it("shows the page's reactions before the form, each named, with their style only then", () => {
    const reacted = view({}, { reactions: { clap: 2, heart: 0 } });
    const html = renderThreadHtml(reacted, context(), '"t1-html-en"');
    const list =
      '<ul class="reactions" aria-label="Reactions"><li><span role="img" aria-label="Applause">👏</span> 2</li>' +
      '<li><span role="img" aria-label="Love">❤️</span> 0</li></ul>';
    expect(html).toContain(`${list}<form id="parley-form"`);
    expect(html).toContain(".parley-thread .reactions{");
    // None offered: the fragment is the one it always was.
    const none = renderThreadHtml(view({}, { reactions: {} }), context(), '"t1-html-en"');
    expect(none).toBe(withDates(goldenThread.ordinary));
  });

  it("escapes a reader's name and website, between tags and in the href", () => {
    const html = renderThreadHtml(
      view({
        comments: [
          comment({
            author: { name: hostile, website: `https://x.example/${hostile}`, avatar: "" },
          }),
        ],
      }),
      context(),
      '"t"',
    );
    expect(html).toContain(`<span itemprop="name">${escaped}</span>`);
    expect(html).toContain(`href="https://x.example/${escaped}"><span itemprop="name">`);
    expect(html).not.toContain(hostile);
  });

  it("escapes the thread's title, key and address in the form's fields and the next link", () => {
    const html = renderThreadHtml(
      view({}, { key: `/p/${hostile}`, title: hostile }),
      context({ pageUrl: `https://blog.example/?q=${hostile}`, siteId: hostile, sort: hostile }),
      `"${hostile}"`,
    );
    expect(html).toContain(`<input type="hidden" name="title" value="${escaped}">`);
    expect(html).toContain(`<input type="hidden" name="page" value="/p/${escaped}">`);
    expect(html).toContain(
      `<input type="hidden" name="url" value="https://blog.example/?q=${escaped}">`,
    );
    expect(html).toContain(`<input type="hidden" name="site" value="${escaped}">`);
    expect(html).toContain(` data-parley-fragment="&quot;${escaped}&quot;">`);
    // The next page's address is URL-encoded first, so only its & are left to escape.
    expect(html).toMatch(/<a rel="next" href="[^"<>']*&amp;page=%2Fp%2F%3Cscript%3E[^"<>']*">/);
    expect(html).not.toContain(hostile);
  });

  it("escapes the words it is given, in every place they show", () => {
    const words = Object.fromEntries(
      Object.entries(strings).map(([key, value]) => [
        key,
        typeof value === "string" ? hostile : { one: `{n} ${hostile}`, other: `{n} ${hostile}` },
      ]),
    ) as unknown as ThreadStrings;
    const html = renderThreadHtml(view(), context({ s: words, lang: "en" }), '"t"');
    expect(html).not.toContain(hostile);
    // Heading, pending note, author fallback, deleted note, two badges, edited, likes, more
    // replies, load more, form heading, notice, four labels and the button.
    expect(html.split(escaped).length - 1).toBe(17);
  });

  it("writes a comment's body as the Worker rendered it, and nothing else unescaped", () => {
    const body = `<p>Fine &amp; <a href="https://x.example/?a=1&amp;b=2" rel="nofollow ugc noopener">dandy</a></p>`;
    const html = renderThreadHtml(view({ comments: [comment({ html: body })] }), context(), '"t"');
    expect(html).toContain(`<div class="body" itemprop="text">${body}</div>`);
  });
});
