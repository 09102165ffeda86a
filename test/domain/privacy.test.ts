import { describe, expect, it } from "vitest";
import { deriveKeys } from "../../worker/domain/keys";
import { formTokenAge, hashNetwork, issueFormToken, networkOf } from "../../worker/domain/privacy";

const keys = await deriveKeys("domain-test-secret-0123456789abcdefghij");

describe("client networks", () => {
  it("treats an IPv4 address as its own network", () => {
    expect(networkOf(" 203.0.113.7 ")).toBe("203.0.113.7");
  });

  it("folds every IPv6 address of one /64 into that /64, whatever its spelling", () => {
    expect(networkOf("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:0DB8:0001:0002:ffff:eeee:dddd:cccc")).toBe("2001:db8:1:2::/64");
    expect(networkOf("::1")).toBe("0:0:0:0::/64");
    expect(networkOf("2001:db8::")).toBe("2001:db8:0:0::/64");
  });

  it("hashes two addresses of one /64 alike and of two /64s apart", async () => {
    const a = await hashNetwork(keys, "2001:db8:1:2::1");
    expect(await hashNetwork(keys, "2001:db8:1:2:abcd::9")).toBe(a);
    expect(await hashNetwork(keys, "2001:db8:1:3::1")).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps an unparsable address as it is rather than failing the comment", () => {
    expect(networkOf("not:an:address")).toBe("not:an:address");
  });
});

describe("form tokens", () => {
  it("tell their age, and refuse forgeries, other sites' tokens and expired ones", async () => {
    const issued = new Date("2026-01-01T00:00:00Z");
    const token = await issueFormToken(keys, "blog", issued);
    const later = new Date(issued.getTime() + 5000);
    expect(await formTokenAge(keys, "blog", token, later)).toBe(5);
    expect(await formTokenAge(keys, "other", token, later)).toBeNull();
    expect(await formTokenAge(keys, "blog", `${token}x`, later)).toBeNull();
    expect(await formTokenAge(keys, "blog", undefined, later)).toBeNull();
    expect(
      await formTokenAge(keys, "blog", token, new Date(issued.getTime() + 8 * 86_400_000)),
    ).toBeNull();
  });
});
