/**
 * At home in the page's colours: `auto` follows the host page (not the operating system),
 * `light` and `dark` force a palette, and --parley-* properties win over both. Each case is
 * also a screenshot (test-results/screenshots/), read back pixel by pixel: a box of its own
 * colour in the middle of the page is what this guards against.
 */
import { mkdir, writeFile } from "node:fs/promises";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PAGE_COLORS } from "./host-pages";
import {
  browserForFile,
  computedStyle as style,
  openArticle,
  seedComment,
  uniqueEmail,
  uniqueSlug,
  type ArticleOptions,
  newPage,
} from "./helpers";

const browser = browserForFile();
const section = "#parley-comments section";
const TRANSPARENT = "rgba(0, 0, 0, 0)";
const PLAIN_PAGE = {
  text: "rgb(0, 0, 0)",
  background: "rgb(255, 255, 255)",
  link: "rgb(0, 0, 238)",
};

/** A thread with a link in it, so text, muted text, lines and the accent are all on show. */
async function seededSlug(name: string): Promise<string> {
  const slug = uniqueSlug(name);
  await seedComment("e2e-open", slug, "A comment with [a link](https://example.com).", {
    name: "Pat",
    email: uniqueEmail("pat"),
  });
  return slug;
}

/**
 * Screenshots the widget and tells how much of it is one of the given colours (within a
 * few levels, for anti-aliasing), decoding the PNG in the browser's own canvas.
 */
async function shareOfColours(context: BrowserContext, page: Page, name: string, rgbs: string[]) {
  const png = await page.locator(section).screenshot();
  await mkdir("test-results/screenshots", { recursive: true });
  await writeFile(`test-results/screenshots/${name}.png`, png);
  const reader = await newPage(context);
  const share = await reader.evaluate(
    async ([data, colours]) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = new OffscreenCanvas(image.width, image.height);
      const draw = canvas.getContext("2d")!;
      draw.drawImage(image, 0, 0);
      const pixels = draw.getImageData(0, 0, image.width, image.height).data;
      const wanted = colours.map((colour) => colour.match(/\d+/g)!.map(Number));
      let same = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        const near = wanted.some(
          ([r, g, b]) =>
            Math.abs(pixels[i]! - r!) +
              Math.abs(pixels[i + 1]! - g!) +
              Math.abs(pixels[i + 2]! - b!) <=
            12,
        );
        if (near) same++;
      }
      return same / (pixels.length / 4);
    },
    [png.toString("base64"), rgbs] as const,
  );
  await reader.close();
  return share;
}

describe("the widget's colours", () => {
  const autoCases: [string, "light" | "dark", ArticleOptions, typeof PLAIN_PAGE][] = [
    ["light page, dark system", "dark", {}, PLAIN_PAGE],
    ["dark page, light system", "light", { colors: "dark" }, PAGE_COLORS.dark],
    ["coloured page", "light", { colors: "tinted" }, PAGE_COLORS.tinted],
  ];
  for (const [name, colorScheme, options, colors] of autoCases) {
    it(`under auto, follows the page, not the system: ${name}`, async () => {
      const slug = await seededSlug("auto");
      const context = await browser.current.newContext({ colorScheme });
      const page = await openArticle(context, slug, { site: "e2e-open", ...options });
      await expect.poll(() => style(page, section, "background-color")).toBe(TRANSPARENT);
      await expect.poll(() => style(page, `${section} h2`, "color")).toBe(colors.text);
      await expect.poll(() => style(page, `${section} .author`, "color")).toBe(colors.text);
      // The accent is the page's link colour: links, and the outlined Post button.
      await expect.poll(() => style(page, `${section} .body a`, "color")).toBe(colors.link);
      await expect
        .poll(() => style(page, `${section} button[type=submit]`, "color"))
        .toBe(colors.link);
      await expect
        .poll(() => style(page, `${section} button[type=submit]`, "background-color"))
        .toBe(TRANSPARENT);
      // Lines and muted text are mixed from the page's text colour, whatever it is: the same
      // channels, partly transparent.
      const text = colors.text.match(/\d+/g)!.map((n) => Number(n) / 255);
      for (const [selector, property] of [
        [`${section} article`, "border-top-color"],
        [`${section} time`, "color"],
        [`${section} textarea`, "border-top-color"],
      ] as const) {
        const mix = async () => {
          const mixed = await style(page, selector, property);
          const [r, g, b, alpha] = (
            /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+) \/ ([\d.]+)\)$/.exec(mixed) ?? []
          )
            .slice(1)
            .map(Number);
          return {
            mixed,
            sameChannels: [r, g, b].map((c, i) => Math.abs(c! - text[i]!) < 0.01),
            partlyTransparent: alpha! > 0.2 && alpha! < 1,
          };
        };
        await expect
          .poll(mix, { message: selector })
          .toMatchObject({ sameChannels: [true, true, true], partlyTransparent: true });
      }
      // The page's background shows through nearly everywhere (text and lines are the rest).
      await expect
        .poll(() =>
          shareOfColours(context, page, `auto-${name.replace(/\W+/g, "-")}`, [colors.background]),
        )
        .toBeGreaterThan(0.8);
      await context.close();
    });
  }

  it("keeps forcing a palette under light and dark, on any page and any system", async () => {
    const slug = await seededSlug("forced");
    // Inputs sit on the palette's surface colour.
    const dark = {
      text: "rgb(230, 237, 243)",
      background: "rgb(13, 17, 23)",
      surface: "rgb(22, 27, 34)",
    };
    const light = {
      text: "rgb(31, 35, 40)",
      background: "rgb(255, 255, 255)",
      surface: "rgb(255, 255, 255)",
    };
    const cases: [string, "light" | "dark", ArticleOptions, typeof dark][] = [
      ["dark-on-plain-page", "light", { theme: "dark" }, dark],
      ["light-on-dark-page", "dark", { theme: "light", colors: "dark" }, light],
      ["light-on-coloured-page", "light", { theme: "light", colors: "tinted" }, light],
    ];
    for (const [name, colorScheme, options, palette] of cases) {
      const context = await browser.current.newContext({ colorScheme });
      const page = await openArticle(context, slug, { site: "e2e-open", ...options });
      await expect.poll(() => style(page, section, "background-color")).toBe(palette.background);
      await expect.poll(() => style(page, `${section} h2`, "color")).toBe(palette.text);
      await expect
        .poll(() => shareOfColours(context, page, name, [palette.background, palette.surface]))
        .toBeGreaterThan(0.8);
      await context.close();
    }
  });

  it("lets the page's --parley-* properties win over every theme", async () => {
    const slug = await seededSlug("custom");
    const context = await browser.current.newContext();
    for (const theme of ["auto", "light", "dark"]) {
      const page = await openArticle(context, slug, { site: "e2e-open", theme });
      await page.addStyleTag({
        content: `#parley-comments { --parley-text: rgb(1, 2, 3); --parley-bg: rgb(250, 240, 230);
          --parley-accent: rgb(200, 0, 100); }`,
      });
      await expect.poll(() => style(page, section, "color")).toBe("rgb(1, 2, 3)");
      await expect.poll(() => style(page, section, "background-color")).toBe("rgb(250, 240, 230)");
      await expect.poll(() => style(page, `${section} .body a`, "color")).toBe("rgb(200, 0, 100)");
      await page.close();
    }
    await context.close();
  });
});
