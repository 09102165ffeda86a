/** The embed snippets of a site, each with a button that copies it. */
import { useState } from "preact/hooks";
import type { Site } from "../api";

function Snippet({ label, code }: { label: string; code: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="snippet">
      <p>{label}</p>
      <pre>
        <code>{code}</code>
      </pre>
      <button
        type="button"
        onClick={() =>
          navigator.clipboard.writeText(code).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          })
        }
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </div>
  );
}

export function Snippets({ site }: { site: Site }) {
  const origin = location.origin;
  return (
    <>
      <Snippet
        label="Paste this where the comments should appear:"
        code={`<div id="parley-comments"></div>\n<script src="${origin}/embed.js" data-site="${site.id}" async></script>`}
      />
      <Snippet
        label="Comment counts on article lists: links ending in #comments (or elements with data-parley-count) get “3 comments”:"
        code={`<a href="/my-post/#comments">Comments</a>\n<script src="${origin}/count.js" data-site="${site.id}" async></script>`}
      />
    </>
  );
}
