import { describe, expect, it } from "vitest";
import { fromIsoTime, fromWordPressTime, locateThread } from "../../importers/fields";

describe("locateThread", () => {
  it.each([
    ["https://blog.example/2014/test/", "/2014/test/"],
    ["http://example.tld/?p=4", "/?p=4"],
    ["https://blog.example/index.php?page_id=2", "/index.php?page_id=2"],
    ["https://blog.example/wp/?attachment_id=9", "/wp/?attachment_id=9"],
    ["https://blog.example/post/?utm_source=feed#comments", "/post/"],
    ["https://blog.example/caf%C3%A9/", "/caf%C3%A9/"],
  ])("keys %s as %s", (link, key) => {
    expect(locateThread(link)?.key).toBe(key);
  });

  it("keys a path-only link without giving it a url", () => {
    expect(locateThread("/2014/test/")).toEqual({ key: "/2014/test/", url: null });
  });

  it("refuses links that are empty or not http(s)", () => {
    expect(locateThread("")).toBeNull();
    expect(locateThread("javascript:alert(1)")).toBeNull();
  });
});

describe("times", () => {
  it("reads WordPress times as UTC and refuses unset or impossible dates", () => {
    expect(fromWordPressTime("2014-01-14 17:32:12")).toBe("2014-01-14T17:32:12.000Z");
    expect(fromWordPressTime("0000-00-00 00:00:00")).toBeNull();
    expect(fromWordPressTime("2014-02-30 00:00:00")).toBeNull();
    expect(fromWordPressTime("yesterday")).toBeNull();
  });

  it("reads ISO times with or without a zone as UTC", () => {
    expect(fromIsoTime("2013-10-10T19:20:29Z")).toBe("2013-10-10T19:20:29.000Z");
    expect(fromIsoTime("2013-10-10T19:20:29")).toBe("2013-10-10T19:20:29.000Z");
    expect(fromIsoTime("2013-10-10T21:20:29+02:00")).toBe("2013-10-10T19:20:29.000Z");
    expect(fromIsoTime("10/10/2013")).toBeNull();
  });
});
