/** The WXR writer's own promises: text XML can hold, and numbers that never change. */
import { describe, expect, it } from "vitest";
import { wxrNumber, xmlText } from "../../worker/domain/wxr";

describe("WXR text", () => {
  it("escapes markup and leaves out what XML 1.0 cannot hold", () => {
    expect(xmlText("a < b && c > d")).toBe("a &lt; b &amp;&amp; c &gt; d");
    expect(xmlText("bell\u0007 nul\u0000 tab\tline\nend\r\uFFFE")).toBe(
      "bell nul tab\tline\nend\r",
    );
  });
});

describe("WXR comment numbers", () => {
  it("are the same for an id every time, differ between ids, and stay exact integers", async () => {
    const a = await wxrNumber("c_0123456789abcdef");
    expect(await wxrNumber("c_0123456789abcdef")).toBe(a);
    expect(await wxrNumber("c_0123456789abcdeg")).not.toBe(a);
    expect(Number.isSafeInteger(a) && a > 0).toBe(true);
  });
});
