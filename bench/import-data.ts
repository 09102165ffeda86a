/**
 * The comments `npm run bench:import` converts, written two ways from one model: as Waline's
 * admin export (Migration → Export, from SQL storage: integer ids, `pid`/`rid`, offset-less
 * local times, Markdown bodies mixed with Valine-era HTML) and as a WordPress WXR 1.2 file,
 * so the two importers are timed on the same comments. Deterministic for a seed.
 */

export interface SyntheticComment {
  id: number;
  post: number;
  parent: number | null;
  root: number | null;
  status: "approved" | "pending" | "spam";
  name: string;
  email: string;
  website: string;
  address: string;
  /** Epoch milliseconds. */
  time: number;
  /** Paragraphs, each a list of runs: plain text or one marked-up piece. */
  paragraphs: Run[][];
  /** Waline rows written by Valine or old Waline hold rendered HTML, not Markdown. */
  htmlInWaline: boolean;
}

type Run =
  | { kind: "text"; text: string }
  | { kind: "strong"; text: string }
  | { kind: "code"; text: string }
  | { kind: "link"; text: string; href: string };

/** mulberry32: tiny and seedable. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = (
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt " +
  "ut labore et dolore magna aliqua great post thanks for sharing I disagree with the second " +
  "point have you tried this before really helpful what about performance café naïve über"
).split(" ");
const names = ["Ann", "Bob Smith", "Chloé", "Dmitri Иванов", "Eve", "Fatima", "Gao 高", "Hank"];

export function makeComments(total: number, posts: number, seed = 1): SyntheticComment[] {
  const random = createRandom(seed);
  const pick = <Item>(items: readonly Item[]): Item => items[Math.floor(random() * items.length)]!;
  const sentence = () => {
    const text = Array.from({ length: 4 + Math.floor(random() * 14) }, () => pick(words)).join(" ");
    return text[0]!.toUpperCase() + text.slice(1) + ".";
  };
  const paragraphs = (id: number): Run[][] =>
    Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const runs: Run[] = [{ kind: "text", text: sentence() }];
      const roll = random();
      if (roll < 0.1)
        runs.push({ kind: "link", text: "this reference", href: `https://example.org/ref/${id}` });
      else if (roll < 0.2) runs.push({ kind: "strong", text: sentence() });
      else if (roll < 0.25) runs.push({ kind: "code", text: "npm run build" });
      return runs;
    });

  const comments: SyntheticComment[] = [];
  const byPost: SyntheticComment[][] = Array.from({ length: posts }, () => []);
  const start = Date.UTC(2019, 0, 1);
  for (let id = 1; id <= total; id++) {
    // A skewed share per post: squaring a uniform number favours the first posts.
    const post = Math.floor(random() ** 2 * posts);
    const siblings = byPost[post]!;
    // Replies mostly go to recent comments, which builds deep chains as well as wide ones.
    const parent =
      siblings.length > 0 && random() < 0.45
        ? siblings[Math.max(0, siblings.length - 1 - Math.floor(random() * 8))]!
        : null;
    const roll = random();
    const name = pick(names);
    const comment: SyntheticComment = {
      id,
      post,
      parent: parent?.id ?? null,
      root: parent ? (parent.root ?? parent.id) : null,
      status: roll < 0.03 ? "spam" : roll < 0.09 ? "pending" : "approved",
      name,
      email: `${name.split(" ")[0]!.toLowerCase()}${id % 97}@mail.example`,
      website: random() < 0.3 ? `site${id % 50}.example` : "",
      address: `203.0.113.${id % 254}`,
      time: start + id * 45_000 + Math.floor(random() * 30_000),
      paragraphs: paragraphs(id),
      htmlInWaline: random() < 0.3,
    };
    siblings.push(comment);
    comments.push(comment);
  }
  return comments;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function runToHtml(run: Run): string {
  switch (run.kind) {
    case "text":
      return escapeHtml(run.text);
    case "strong":
      return `<strong>${escapeHtml(run.text)}</strong>`;
    case "code":
      return `<code>${escapeHtml(run.text)}</code>`;
    case "link":
      return `<a href="${escapeHtml(run.href)}">${escapeHtml(run.text)}</a>`;
  }
}

function runToMarkdown(run: Run): string {
  switch (run.kind) {
    case "text":
      return run.text;
    case "strong":
      return `**${run.text}**`;
    case "code":
      return `\`${run.text}\``;
    case "link":
      return `[${run.text}](${run.href})`;
  }
}

const pad = (number: number) => String(number).padStart(2, "0");
/** "YYYY-MM-DD HH:MM:SS" of the instant in UTC (Waline on SQLite, WordPress's _gmt fields). */
function wallClock(milliseconds: number): string {
  const date = new Date(milliseconds);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

const postPath = (post: number) => `/${2019 + Math.floor(post / 200)}/post-${post + 1}/`;

/** Waline's admin export of the comments, tab-indented as its admin writes it. */
export function toWalineExport(comments: readonly SyntheticComment[]): string {
  const names = new Map(comments.map((comment) => [comment.id, comment.name]));
  const records = comments.map((comment) => {
    const mention =
      comment.htmlInWaline && comment.parent !== null
        ? `<a class="at" href="#${comment.parent}">@${escapeHtml(names.get(comment.parent) ?? "")} </a> , `
        : "";
    const body = comment.htmlInWaline
      ? comment.paragraphs
          .map(
            (runs, index) => `<p>${index === 0 ? mention : ""}${runs.map(runToHtml).join(" ")}</p>`,
          )
          .join("\n") + "\n"
      : comment.paragraphs.map((runs) => runs.map(runToMarkdown).join(" ")).join("\n\n");
    const time = wallClock(comment.time);
    return {
      objectId: comment.id,
      user_id: null,
      comment: body,
      insertedAt: time,
      createdAt: time,
      updatedAt: time,
      ip: comment.address,
      link: comment.website,
      mail: comment.email,
      nick: comment.name,
      pid: comment.parent,
      rid: comment.root,
      sticky: comment.id % 500 === 0 ? 1 : null,
      status: comment.status === "pending" ? "waiting" : comment.status,
      like: comment.id % 7,
      ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
      url: postPath(comment.post),
    };
  });
  return JSON.stringify(
    {
      __version: "1.39.3",
      type: "waline",
      version: 1,
      time: Date.UTC(2026, 0, 1),
      tables: ["Comment", "Counter", "Users"],
      data: { Comment: records, Counter: [], Users: [] },
    },
    null,
    "\t",
  );
}

/** The same comments as WordPress exports them (WXR 1.2), one item per post. */
export function toWordPressExport(comments: readonly SyntheticComment[], posts: number): string {
  const byPost: SyntheticComment[][] = Array.from({ length: posts }, () => []);
  for (const comment of comments) byPost[comment.post]!.push(comment);
  const items = byPost.map((postComments, post) =>
    [
      "<item>",
      `<title>Synthetic post ${post + 1} &amp; friends</title>`,
      `<link>https://blog.example${postPath(post)}</link>`,
      `<wp:post_id>${1000 + post}</wp:post_id>`,
      `<wp:comment_status>open</wp:comment_status>`,
      `<wp:post_type>post</wp:post_type>`,
      ...postComments.map((comment) =>
        [
          "<wp:comment>",
          `<wp:comment_id>${comment.id}</wp:comment_id>`,
          `<wp:comment_author><![CDATA[${comment.name}]]></wp:comment_author>`,
          `<wp:comment_author_email><![CDATA[${comment.email}]]></wp:comment_author_email>`,
          `<wp:comment_author_url>${comment.website ? `https://${comment.website}/` : ""}</wp:comment_author_url>`,
          `<wp:comment_author_IP><![CDATA[${comment.address}]]></wp:comment_author_IP>`,
          `<wp:comment_date><![CDATA[${wallClock(comment.time)}]]></wp:comment_date>`,
          `<wp:comment_date_gmt><![CDATA[${wallClock(comment.time)}]]></wp:comment_date_gmt>`,
          `<wp:comment_content><![CDATA[${comment.paragraphs.map((runs) => runs.map(runToHtml).join(" ")).join("\n\n")}]]></wp:comment_content>`,
          `<wp:comment_approved><![CDATA[${comment.status === "approved" ? "1" : comment.status === "pending" ? "0" : "spam"}]]></wp:comment_approved>`,
          "<wp:comment_type><![CDATA[]]></wp:comment_type>",
          `<wp:comment_parent>${comment.parent ?? 0}</wp:comment_parent>`,
          "<wp:comment_user_id>0</wp:comment_user_id>",
          "</wp:comment>",
        ].join("\n"),
      ),
      "</item>",
    ].join("\n"),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="https://wordpress.org/export/1.2/">
<channel>
<title>Synthetic Blog</title>
<link>https://blog.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
${items.join("\n")}
</channel>
</rss>
`;
}
