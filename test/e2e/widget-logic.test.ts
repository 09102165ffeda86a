/**
 * The widget's pure logic, without a browser. Lives beside the e2e tests because it runs
 * in Node with their config (the worker suite runs inside workerd).
 */
import { describe, expect, it } from "vitest";
import type { Comment } from "../../widget/api";
import { LANGUAGES, pickLanguage } from "../../widget/i18n";
import { plural } from "../../widget/i18n/plural";
import { en, type Strings } from "../../widget/i18n/en";
import { enExtras } from "../../widget/i18n/en-extras";
import { enForm } from "../../widget/i18n/en-form";
import de from "../../widget/i18n/de";
import { ApiError } from "../../widget/api";
import { explain } from "../../widget/interactive/errors";
import { findComment, insertComment, removeComment } from "../../widget/thread";
import { normalizeWebsite, validateComment } from "../../widget/interactive/validate";

const english = { ...en, ...enForm, ...enExtras } as Strings;
const comment = (id: string, parentId: string | null = null, replies: Comment[] = []): Comment => ({
  id,
  parentId,
  author: { name: id, website: null, avatar: "ab" },
  html: `<p>${id}</p>`,
  createdAt: "2026-01-01T00:00:00.000Z",
  editedAt: null,
  replies,
});

const pluralCategories = ["zero", "one", "two", "few", "many", "other"];

describe("locales", () => {
  it("gives every language every English key, with the same placeholders", async () => {
    const keys = Object.keys(english).sort();
    for (const lang of LANGUAGES.filter((l) => l !== "en")) {
      const strings: Strings = (await import(`../../widget/i18n/${lang}`)).default;
      expect(Object.keys(strings).sort(), lang).toEqual(keys);
      for (const key of keys) {
        const value = strings[key as keyof Strings];
        const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        const englishValue = english[key as keyof Strings];
        if (
          typeof value === "object" &&
          typeof englishValue === "object" &&
          !Object.keys(englishValue).every((name) => pluralCategories.includes(name))
        ) {
          // A set of named strings (the report reasons): the same names, the same holes.
          expect(Object.keys(value).sort(), `${lang}.${key}`).toEqual(
            Object.keys(englishValue).sort(),
          );
          for (const name of Object.keys(englishValue)) {
            expect(holes(value[name]!), `${lang}.${key}.${name}`).toEqual(
              holes(englishValue[name]!),
            );
          }
          continue;
        }
        if (typeof value === "object") {
          // Plural forms: every form the language's rules can pick, each with {n}.
          const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
          for (const form of forms) {
            expect(holes(value[form] ?? value.other ?? ""), `${lang}.${key}.${form}`).toEqual([
              "{n}",
            ]);
          }
          continue;
        }
        expect(holes(value), `${lang}.${key}`).toEqual(
          holes(english[key as keyof Strings] as string),
        );
      }
    }
  });

  it("picks the language from a BCP 47 tag, falling back to English", () => {
    expect(pickLanguage("de-AT")).toBe("de");
    expect(pickLanguage("zh_Hans_CN")).toBe("zh");
    expect(pickLanguage("UK")).toBe("uk");
    expect(pickLanguage("pt-BR")).toBe("en");
    expect(pickLanguage(undefined)).toBe("en");
  });

  it("uses the language's plural rules in the count heading and the buttons", async () => {
    const ru: Strings = (await import("../../widget/i18n/ru")).default;
    expect([1, 3, 5, 21].map((n) => plural(ru.count, "ru", n))).toEqual([
      "1 комментарий",
      "3 комментария",
      "5 комментариев",
      "21 комментарий",
    ]);
    expect(plural(english.count, "en", 1)).toBe("1 comment");
    expect(plural(english.moreReplies, "en", 2)).toBe("Show 2 more replies");
    expect(plural(ru.newComments, "ru", 5)).toBe("5 новых комментариев — показать");
  });
});

describe("the comment tree", () => {
  it("puts a reply under its parent, and a root comment first when newest come first", () => {
    const list = [comment("a", null, [comment("b", "a")])];
    const withReply = insertComment(list, comment("c", "b"), false);
    expect(findComment(withReply, "b")!.replies.map((c) => c.id)).toEqual(["c"]);
    expect(insertComment(list, comment("d"), true).map((c) => c.id)).toEqual(["d", "a"]);
  });

  it("leaves a tombstone for a deleted comment with replies, and drops one without", () => {
    const list = [comment("a", null, [comment("b", "a")])];
    const tomb = removeComment(list, "a")[0]!;
    expect(tomb).toMatchObject({ id: "a", deleted: true, html: "", author: { name: "" } });
    expect(removeComment(list, "b")[0]!.replies).toEqual([]);
  });
});

describe("form checks", () => {
  const config = { maxLength: 10, requireName: true, requireEmail: true };
  it("mirrors the server: required fields, length, email and web address", () => {
    expect(
      validateComment({ body: " ", name: "", email: "", website: "" }, config, english),
    ).toEqual({
      body: "This field is required.",
      name: "This field is required.",
      email: "This field is required.",
    });
    expect(
      validateComment(
        { body: "x".repeat(11), name: "A", email: "a@b", website: "ftp://x.example" },
        config,
        english,
      ),
    ).toEqual({
      body: "A comment has at most 10 characters.",
      email: "Enter a valid email address.",
      website: "Enter a valid web address.",
    });
    expect(
      validateComment(
        { body: "ok", name: "", email: "", website: "" },
        { ...config, requireName: false, requireEmail: false },
        english,
      ),
    ).toEqual({});
  });

  it("adds https:// to a bare domain", () => {
    expect(normalizeWebsite(" ann.example ")).toBe("https://ann.example");
    expect(normalizeWebsite("http://ann.example")).toBe("http://ann.example");
  });
});

describe("the server's refusals, in the reader's words", () => {
  const values = { body: "Some text", email: "ann@example.com", maxLength: 100 };
  const refused = (status: number, code: string, fields = {}, retryAfter = 0) =>
    new ApiError(status, code, fields, "The server's English sentence.", retryAfter);

  it("puts each field's error next to its field, in the reader's language", () => {
    const told = explain(
      refused(400, "invalid_input", { "author.email": "x", body: "x", "author.website": "x" }),
      de,
      "de",
      values,
    );
    expect(told.fields).toEqual({
      email: de.badEmail,
      body: "Ein Kommentar hat höchstens 100 Zeichen.",
      website: de.badUrl,
    });
    expect(told.message).toBe("");
    const vanished = explain(
      refused(400, "invalid_input", { parentId: "x" }),
      english,
      "en",
      values,
    );
    expect(vanished.message).toBe("The comment you are replying to is no longer here.");
  });

  it("says when to try again, from Retry-After", () => {
    expect(explain(refused(429, "rate_limited", {}, 30), english, "en", values).message).toBe(
      "You are commenting too quickly. Please try again in 30 seconds.",
    );
    expect(explain(refused(429, "rate_limited", {}, 600), de, "de", values).message).toBe(
      "Du kommentierst zu schnell. Bitte versuche es in 10 Minuten noch einmal.",
    );
  });

  it("offers a retry when the server could not be reached or was unavailable", () => {
    for (const failure of [refused(0, "network"), refused(503, "unavailable"), refused(502, "")]) {
      expect(explain(failure, english, "en", values)).toMatchObject({
        message: english.offline,
        retry: true,
      });
    }
  });

  it("tells the reader plainly what only the site owner can fix, and the console why", () => {
    const logged: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      for (const failure of [
        refused(403, "origin_not_allowed"),
        refused(404, "site_not_found"),
        refused(500, "internal"),
        refused(400, "invalid_input", { "page.url": "x" }),
      ]) {
        expect(explain(failure, english, "en", values)).toMatchObject({
          message: "Comments can't be posted on this page right now.",
          retry: false,
        });
      }
    } finally {
      console.error = original;
    }
    expect(logged).toHaveLength(4);
    expect(String(logged[0]![0])).toMatch(/^\[parley\] .*origin_not_allowed.*English sentence/);
  });
});
