import { characterEntities } from "character-entities";
import { decodeNamedCharacterReference as original } from "decode-named-character-reference";
import { describe, expect, it } from "vitest";
import { decodeNamedCharacterReference as shim } from "../../worker/shims/decode-named-character-reference";

describe("the bundled stand-in for decode-named-character-reference", () => {
  it("decodes every HTML entity name exactly as the original package", () => {
    const names = Object.keys(characterEntities);
    expect(names.length).toBeGreaterThan(2000);
    const differing = names.filter((name) => shim(name) !== original(name));
    expect(differing).toEqual([]);
  });

  it("refuses what is not an entity name, as the original does", () => {
    for (const name of [
      "",
      "notanentity",
      "ampx",
      "ltx",
      "AMP;",
      "amp;lt",
      "constructor",
      "__proto__",
      "#123",
      "#x41",
    ]) {
      expect(shim(name)).toBe(original(name));
    }
  });
});
