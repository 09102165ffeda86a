/**
 * The mail's languages other than English are assets the Worker reads through its ASSETS
 * binding (worker/mail/strings.ts): each must say everything English says, with the same
 * placeholders, and a missing one must not stop the mail.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { languages } from "../../worker/domain/languages";
import { mailStrings, type MailStrings } from "../../worker/mail/strings";

type Tree = { [key: string]: string | Tree };

/** Every leaf as "path: placeholders", so a missing key or a lost {site} both show. */
function shape(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string"
      ? [`${prefix}${key}: ${(value.match(/\{\w+\}/g) ?? []).sort().join(" ")}`]
      : shape(value, `${prefix}${key}.`),
  );
}

describe("the mail's translations", () => {
  it("falls back to English when an asset cannot be read, and tries again next time", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const missing = { fetch: async () => new Response("", { status: 404 }) } as unknown as Fetcher;
    // First in this file: languages stay loaded for the isolate, which the next test shares.
    const first: MailStrings = await mailStrings(missing, "uk");
    expect(first.held).toBe("A comment awaits review on {site}");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("uk strings unavailable"));
    expect((await mailStrings(env.ASSETS, "uk")).held).not.toBe(first.held);
    warn.mockRestore();
  });
  it("each says what English says, placeholders included", async () => {
    const english = shape((await mailStrings(env.ASSETS, "en")) as unknown as Tree);
    for (const language of languages.filter((language) => language !== "en")) {
      const strings = await mailStrings(env.ASSETS, language);
      expect(strings.held, language).not.toBe((await mailStrings(env.ASSETS, "en")).held);
      expect(shape(strings as unknown as Tree), language).toEqual(english);
    }
  });
});
