/**
 * The one place export XML is read, on htmlparser2's tokenizer in XML mode (already in the
 * bundle for the importers' HTML): it never fetches anything and knows no DTD. On top of
 * it this file holds the rules that make a document well-formed for us: one root, every
 * tag closed in order, quoted and unique attributes, bound namespace prefixes, no text
 * outside the root. It refuses any DOCTYPE at all (no real export has one; billion-laughs
 * and XXE payloads need one), so only the five predefined entities and numeric character
 * references are ever decoded, and any other entity reference is an error.
 *
 * Exports are long lists of small records (a WordPress <item>, a Disqus <post>), so the
 * reader keeps only the record currently open as a tiny tree and hands it over when it
 * closes; nothing else of the document is retained.
 */
import { QuoteType, Tokenizer } from "htmlparser2";
import { ImportFormatError } from "./errors";

export interface XmlName {
  /** Namespace URI; "" for none. */
  uri: string;
  local: string;
}

export interface XmlElement extends XmlName {
  attributes: ReadonlyArray<XmlName & { value: string }>;
  children: XmlElement[];
  /** The element's own text and CDATA, concatenated, not its descendants'. */
  text: string;
}

export interface RecordReader {
  /** What the document should be, for error messages: "a WordPress export (WXR)". */
  expected: string;
  /** Returns why the root does not fit, or null when it does. */
  checkRoot(root: XmlName, namespaces: readonly string[]): string | null;
  /** Whether an element opening under `ancestors` (root first) is a record. */
  isRecord(name: XmlName, ancestors: readonly XmlName[]): boolean;
  onRecord(record: XmlElement): void;
}

/** Bound in every document, without a declaration. */
const ROOT_SCOPE: ReadonlyMap<string, string> = new Map([
  ["xml", "http://www.w3.org/XML/1998/namespace"],
]);

/** An open element as the tokenizer reports it: its qualified name, its namespace scope. */
interface OpenTag {
  qname: string;
  /** Prefix → URI in force inside it ("" is the default namespace). */
  scope: ReadonlyMap<string, string>;
}

/** Streams `xml`, calling `reader.onRecord` per record; throws ImportFormatError on bad input. */
export function readXmlRecords(xml: string, reader: RecordReader): void {
  const stack: OpenTag[] = [];
  const ancestors: XmlName[] = [];
  const open: XmlElement[] = [];
  let rootSeen = false;
  // The tag being read: its name and raw attributes, until `>` or `/>`.
  let tagName = "";
  let rawAttributes: [string, string][] = [];
  let attributeName = "";
  let attributeText = "";

  // Messages name the line and the kind of fault, never a stretch of the input.
  const fail = (at: number, why: string): never => {
    const line = xml.slice(0, at).split("\n").length;
    throw new ImportFormatError(`The file is not well-formed XML (line ${line}: ${why}).`);
  };
  const appendText = (text: string, at: number) => {
    const current = open.at(-1);
    if (current) current.text += text;
    else if (stack.length === 0 && text.trim()) fail(at, "text outside the root element");
  };

  function resolve(
    qname: string,
    scope: ReadonlyMap<string, string>,
    at: number,
    isAttribute: boolean,
  ) {
    const colon = qname.indexOf(":");
    const prefix = colon < 0 ? "" : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    // Unprefixed attributes are in no namespace; unprefixed elements in the default one.
    if (!prefix && isAttribute) return { uri: "", local };
    const uri = scope.get(prefix);
    if (uri === undefined) {
      if (prefix) fail(at, `unbound namespace prefix "${prefix}"`);
      return { uri: "", local };
    }
    return { uri, local };
  }

  function openElement(at: number) {
    if (stack.length === 0 && rootSeen) fail(at, "a second root element");
    // A new scope only where namespaces are declared (in exports: the root, nearly always).
    let scope = stack.at(-1)?.scope ?? ROOT_SCOPE;
    const declared: string[] = [];
    const attributes: (XmlName & { value: string })[] = [];
    for (const [qname, value] of rawAttributes) {
      if (qname !== "xmlns" && !qname.startsWith("xmlns:")) continue;
      const widened = new Map(scope);
      widened.set(qname === "xmlns" ? "" : qname.slice(6), value);
      scope = widened;
      declared.push(value);
    }
    for (const [qname, value] of rawAttributes) {
      if (qname === "xmlns" || qname.startsWith("xmlns:")) continue;
      const { uri, local } = resolve(qname, scope, at, true);
      attributes.push({ uri, local, value });
    }
    const name = resolve(tagName, scope, at, false);
    stack.push({ qname: tagName, scope });

    const element: XmlElement = {
      uri: name.uri,
      local: name.local,
      attributes,
      children: [],
      text: "",
    };
    const parent = open.at(-1);
    if (parent) {
      parent.children.push(element);
      open.push(element);
      return;
    }
    if (!rootSeen) {
      rootSeen = true;
      const problem = reader.checkRoot(name, declared);
      if (problem) throw new ImportFormatError(`This is not ${reader.expected}: ${problem}`);
    }
    if (reader.isRecord(name, ancestors)) open.push(element);
    else ancestors.push(name);
  }

  function closeElement(qname: string, at: number) {
    const top = stack.pop();
    if (!top) return fail(at, `closing tag "${qname}" without an opening tag`);
    if (top.qname !== qname) fail(at, `"${top.qname}" is closed by "${qname}"`);
    const closed = open.pop();
    if (!closed) ancestors.pop();
    else if (open.length === 0) reader.onRecord(closed);
  }

  const tokenizer = new Tokenizer(
    { xmlMode: true, decodeEntities: true },
    {
      onopentagname(start, end) {
        tagName = xml.slice(start, end);
        rawAttributes = [];
      },
      onattribname(start, end) {
        attributeName = xml.slice(start, end);
        attributeText = "";
      },
      onattribdata(start, end) {
        const raw = xml.slice(start, end);
        if (raw.includes("&")) fail(start, "an entity reference XML does not define");
        attributeText += raw;
      },
      onattribentity(codepoint) {
        attributeText += String.fromCodePoint(codepoint);
      },
      onattribend(quote, end) {
        if (quote === QuoteType.NoValue || quote === QuoteType.Unquoted) {
          fail(end, `attribute "${attributeName}" without a quoted value`);
        }
        if (rawAttributes.some(([name]) => name === attributeName)) {
          fail(end, `attribute "${attributeName}" given twice`);
        }
        rawAttributes.push([attributeName, attributeText]);
      },
      onopentagend(end) {
        openElement(end);
      },
      onselfclosingtag(end) {
        openElement(end);
        closeElement(tagName, end);
      },
      onclosetag(start, end) {
        closeElement(xml.slice(start, end), start);
      },
      ontext(start, end) {
        const raw = xml.slice(start, end);
        // The tokenizer decodes what XML defines and leaves any other reference as text.
        if (raw.includes("&")) fail(start, "an entity reference XML does not define");
        appendText(raw, start);
      },
      ontextentity(codepoint, end) {
        appendText(String.fromCodePoint(codepoint), end);
      },
      oncdata(start, end, offset) {
        appendText(xml.slice(start, end - offset), start);
      },
      ondeclaration(start) {
        if (/^!?doctype/i.test(xml.slice(start, start + 8))) {
          throw new ImportFormatError(
            `The file declares a DOCTYPE, which ${reader.expected} never has; it was refused so that no entity can be expanded.`,
          );
        }
        fail(start, "a declaration XML exports do not have");
      },
      onprocessinginstruction() {},
      oncomment() {},
      onend() {},
    },
  );
  tokenizer.write(xml);
  tokenizer.end();
  if (stack.length > 0) fail(xml.length, `"${stack.at(-1)!.qname}" is never closed`);
  if (!rootSeen) fail(xml.length, "no root element");
}

/** The first child matching the name (a namespace test for formats whose URI varies). */
export function findChild(
  parent: XmlElement,
  local: string,
  uri: string | ((uri: string) => boolean) = "",
): XmlElement | undefined {
  const uriMatches = typeof uri === "string" ? (value: string) => value === uri : uri;
  return parent.children.find((child) => child.local === local && uriMatches(child.uri));
}

/** A child's text, trimmed; "" when absent. */
export function childText(
  parent: XmlElement,
  local: string,
  uri: string | ((uri: string) => boolean) = "",
): string {
  return findChild(parent, local, uri)?.text.trim() ?? "";
}

export function attributeValue(element: XmlElement, local: string, uri: string): string {
  return (
    element.attributes.find((attribute) => attribute.local === local && attribute.uri === uri)
      ?.value ?? ""
  );
}
