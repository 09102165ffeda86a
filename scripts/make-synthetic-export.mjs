#!/usr/bin/env node
/**
 * Writes a large, realistic WordPress export (WXR 1.2) for the CLI importer benchmark:
 *
 *   node scripts/make-synthetic-export.mjs <out.xml> [--comments 50000] [--posts 500] [--seed 1]
 *
 * Deterministic for a given seed, so benchmark runs compare like with like. Posts get a
 * skewed share of comments (a few very busy threads, a long tail), replies nest at any
 * depth, and the mix includes pending, spam, trashed comments and pingbacks. It prints the
 * counts the Parley importer should report for the file, so a benchmark can check them.
 * No dependencies beyond Node.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    comments: { type: "string", default: "50000" },
    posts: { type: "string", default: "500" },
    seed: { type: "string", default: "1" },
  },
});
const [outPath] = positionals;
const commentTotal = Number(values.comments);
const postTotal = Number(values.posts);
if (!outPath || !Number.isInteger(commentTotal) || !Number.isInteger(postTotal) || postTotal < 1) {
  console.error("usage: make-synthetic-export.mjs <out.xml> [--comments N] [--posts N] [--seed N]");
  process.exit(2);
}

/** mulberry32: tiny, seedable, good enough to shuffle test data. */
function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = createRandom(Number(values.seed));
const pick = (items) => items[Math.floor(random() * items.length)];

const words = (
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt " +
  "ut labore et dolore magna aliqua great post thanks for sharing I disagree with the second " +
  "point have you tried this before really helpful what about performance café naïve über"
).split(" ");
const names = ["Ann", "Bob Smith", "Chloé", "Dmitri Иванов", "Eve", "Fatima", "Gao 高", "Hank"];

function sentence() {
  const length = 4 + Math.floor(random() * 14);
  const text = Array.from({ length }, () => pick(words)).join(" ");
  return text[0].toUpperCase() + text.slice(1) + ".";
}

/** Bodies as WordPress stores them: newlines for breaks, a little inline HTML. */
function body(id) {
  const paragraphs = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
    let text = sentence();
    const roll = random();
    if (roll < 0.1) text += ` See <a href="https://example.org/ref/${id}">this reference</a>.`;
    else if (roll < 0.2) text += ` <strong>${sentence()}</strong>`;
    else if (roll < 0.25) text += `\nAlso: <code>npm run build &amp;&amp; deploy</code>`;
    else if (roll < 0.3) text += ` <em>${pick(words)}</em> &amp; more`;
    return text;
  });
  return paragraphs.join("\n\n");
}

const pad = (number) => String(number).padStart(2, "0");
function wordpressTime(milliseconds) {
  const date = new Date(milliseconds);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** A skewed share per post: squaring a uniform number favours the first posts. */
const perPost = new Array(postTotal).fill(0);
for (let index = 0; index < commentTotal; index++) {
  perPost[Math.floor(random() ** 2 * postTotal)]++;
}

const out = createWriteStream(outPath);
async function write(chunk) {
  if (!out.write(chunk)) await once(out, "drain");
}

await write(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="https://wordpress.org/export/1.2/">
<channel>
<title>Synthetic Blog</title>
<link>https://blog.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
`);

const expected = { threads: 0, comments: 0, skipped: 0 };
let nextCommentId = 1;
const start = Date.UTC(2015, 0, 1);
for (let post = 0; post < postTotal; post++) {
  const postId = 1000 + post;
  const postTime = start + post * 86_400_000 * 3;
  const lines = [
    `<item>`,
    `<title>Synthetic post ${post + 1} &amp; friends</title>`,
    `<link>https://blog.example/${new Date(postTime).getUTCFullYear()}/post-${post + 1}/</link>`,
    `<wp:post_id>${postId}</wp:post_id>`,
    `<wp:post_date_gmt>${wordpressTime(postTime)}</wp:post_date_gmt>`,
    `<wp:comment_status>${random() < 0.1 ? "closed" : "open"}</wp:comment_status>`,
    `<wp:post_type>post</wp:post_type>`,
  ];
  // Ids of this post's comments the importer keeps; a reply to anything else is dropped.
  const kept = [];
  const keptSet = new Set();
  const all = [];
  let importedHere = 0;
  for (let index = 0; index < perPost[post]; index++) {
    const id = nextCommentId++;
    const roll = random();
    const approved = roll < 0.03 ? "spam" : roll < 0.04 ? "trash" : roll < 0.1 ? "0" : "1";
    const type = random() < 0.01 ? "pingback" : "";
    // Replies mostly go to recent comments, which builds deep chains as well as wide ones.
    const parent =
      all.length > 0 && random() < 0.45
        ? all[Math.max(0, all.length - 1 - Math.floor(random() * 8))]
        : 0;
    all.push(id);
    const keep =
      approved !== "spam" &&
      approved !== "trash" &&
      type === "" &&
      (parent === 0 || keptSet.has(parent));
    if (keep) {
      kept.push(id);
      keptSet.add(id);
      importedHere++;
    } else {
      expected.skipped++;
    }
    const name = pick(names);
    const time = postTime + (index + 1) * 60_000 + Math.floor(random() * 30_000);
    lines.push(
      `<wp:comment>`,
      `<wp:comment_id>${id}</wp:comment_id>`,
      `<wp:comment_author><![CDATA[${type ? `Another blog &raquo; post ${id}` : name}]]></wp:comment_author>`,
      `<wp:comment_author_email><![CDATA[${type ? "" : `${name.split(" ")[0].toLowerCase()}${id % 97}@mail.example`}]]></wp:comment_author_email>`,
      `<wp:comment_author_url>${random() < 0.3 ? `https://site${id % 50}.example/` : ""}</wp:comment_author_url>`,
      `<wp:comment_author_IP><![CDATA[203.0.113.${id % 254}]]></wp:comment_author_IP>`,
      `<wp:comment_date><![CDATA[${wordpressTime(time + 3_600_000)}]]></wp:comment_date>`,
      `<wp:comment_date_gmt><![CDATA[${wordpressTime(time)}]]></wp:comment_date_gmt>`,
      `<wp:comment_content><![CDATA[${body(id)}]]></wp:comment_content>`,
      `<wp:comment_approved><![CDATA[${approved}]]></wp:comment_approved>`,
      `<wp:comment_type><![CDATA[${type}]]></wp:comment_type>`,
      `<wp:comment_parent>${parent}</wp:comment_parent>`,
      `<wp:comment_user_id>0</wp:comment_user_id>`,
      `</wp:comment>`,
    );
  }
  if (importedHere > 0) expected.threads++;
  expected.comments += importedHere;
  lines.push(`</item>\n`);
  await write(lines.join("\n"));
}
await write(`</channel>\n</rss>\n`);
out.end();
await once(out, "finish");

console.log(JSON.stringify({ file: outPath, posts: postTotal, written: commentTotal, expected }));
