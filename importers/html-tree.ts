/**
 * Parses an HTML fragment into a hast tree with htmlparser2's tokenizer (it decodes
 * entities, knows void and raw-text elements, and closes implied end tags), so the
 * importers get the tree hast-util-to-mdast converts without carrying a full HTML5 parser:
 * parse5 alone was most of the Worker's bundle. Comments and doctypes are dropped.
 */
import type { Element, ElementContent, Properties, Root } from "hast";
import { Parser } from "htmlparser2";

export function htmlFragmentToTree(html: string): Root {
  const root: Root = { type: "root", children: [] };
  const open: (Root | Element)[] = [root];
  const current = () => open[open.length - 1]!;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const element: Element = {
          type: "element",
          tagName: name,
          properties: toProperties(attributes),
          children: [],
        };
        current().children.push(element);
        open.push(element);
      },
      ontext(text) {
        const siblings = current().children as ElementContent[];
        const last = siblings[siblings.length - 1];
        if (last?.type === "text") last.value += text;
        else siblings.push({ type: "text", value: text });
      },
      onclosetag(name) {
        // htmlparser2 reports every close, implied ones included, innermost first.
        const index = open.findLastIndex(
          (node) => node.type === "element" && node.tagName === name,
        );
        if (index > 0) open.length = index;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return root;
}

/** hast names `class` as `className` (a list); the converters read href, src, title, alt. */
function toProperties(attributes: Record<string, string>): Properties {
  const properties: Properties = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") properties.className = value.split(/\s+/).filter(Boolean);
    else properties[name] = value;
  }
  return properties;
}
