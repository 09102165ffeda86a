/**
 * The single sign-on recipes of docs/single-sign-on.md are what is tested: each code block
 * is its recipe file, word for word; the WordPress snippet, run by PHP (extracted from the
 * doc) on fixed inputs, makes the very payload the Node helper makes for the same user and
 * time, and the Worker's own verifier (worker/domain/sso-token.ts) accepts it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { signParleyUser, type ParleyUser } from "../../../docs/recipes/parley-sso";

const root = path.resolve(import.meta.dirname, "../../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const doc = read("docs/single-sign-on.md");

/** The code block the doc shows under `<!-- recipe:FILE -->`. */
function recipeInDoc(file: string): string {
  const marker = `<!-- recipe:${file} -->`;
  const at = doc.indexOf(marker);
  expect(at, `${marker} in docs/single-sign-on.md`).toBeGreaterThan(-1);
  const block = /```\w+\n([\s\S]*?)```\n/.exec(doc.slice(at + marker.length));
  return block![1]!;
}

/**
 * The Worker's verifier, loaded by its path: its types are the Workers runtime's, which this
 * Node project does not have, but the code is web-standard and runs here as it is.
 */
interface Verifier {
  readSsoPayload(token: string): { claims: Record<string, unknown> } | string;
  verifySsoPayload(
    payload: unknown,
    site: { id: string; ssoSecret: string | null },
    now: Date,
  ): Promise<string | null>;
}
const loadVerifier = async () =>
  (await import(path.join(root, "worker/domain/sso-token.ts"))) as Verifier;

const secret = "wordpress-sso-secret-0123456789abcdef";
const now = Date.UTC(2026, 11, 8, 3, 0, 0);
const vectors: { user: ParleyUser; site: string; ttl: number }[] = [
  { user: { id: "42", name: "Ann" }, site: "blog", ttl: 3600 },
  {
    user: {
      id: "7",
      name: "Zoë O'Brien / Редактор",
      email: "zoe@news.example",
      avatarUrl: "https://news.example/avatars/7.png",
      profileUrl: "https://news.example/authors/zoe?tab=posts&x=1",
    },
    site: "news",
    ttl: 600,
  },
];

/** The doc's PHP snippet, run on one vector, as PHP prints its payload. */
function signWithPhp(vector: (typeof vectors)[number]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "parley-sso-"));
  const snippet = path.join(dir, "snippet.php");
  writeFileSync(snippet, recipeInDoc("docs/recipes/parley-sso.php"));
  const driver = path.join(dir, "driver.php");
  writeFileSync(
    driver,
    `<?php require ${JSON.stringify(snippet)};
$in = json_decode(stream_get_contents(STDIN), true);
echo parley_sign_user($in['user'], $in['site'], $in['secret'], $in['ttl'], $in['now']);
`,
  );
  return execFileSync("php", [driver], {
    input: JSON.stringify({ ...vector, secret, now: now / 1000 }),
    encoding: "utf8",
  });
}

describe("the single sign-on recipes", () => {
  it("shows each recipe file word for word", () => {
    expect(recipeInDoc("docs/recipes/parley-sso.ts")).toBe(read("docs/recipes/parley-sso.ts"));
    expect(recipeInDoc("docs/recipes/parley-sso.php")).toBe(read("docs/recipes/parley-sso.php"));
  });

  it.each(vectors)(
    "signs $user.name in PHP exactly as in Node, and the Worker accepts it",
    async (vector) => {
      const fromPhp = signWithPhp(vector);
      const fromNode = await signParleyUser(vector.user, vector.site, secret, {
        ttlSeconds: vector.ttl,
        now,
      });
      expect(fromPhp).toBe(fromNode);

      const { readSsoPayload, verifySsoPayload } = await loadVerifier();
      const payload = readSsoPayload(fromPhp);
      if (typeof payload === "string") throw new Error(`refused: ${payload}`);
      expect(payload.claims).toMatchObject({
        sub: vector.user.id,
        name: vector.user.name,
        aud: vector.site,
        exp: now / 1000 + vector.ttl,
      });
      const site = { id: vector.site, ssoSecret: secret };
      expect(await verifySsoPayload(payload, site, new Date(now + 1000))).toBeNull();
      expect(
        await verifySsoPayload(payload, { ...site, ssoSecret: `${secret}x` }, new Date(now)),
      ).toBe("signature");
      expect(await verifySsoPayload(payload, site, new Date(now + vector.ttl * 1000))).toBe(
        "expired",
      );
    },
  );
});
