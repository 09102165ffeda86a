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
import { QuoteType, Tokenizer, type TokenizerCallbacks } from "htmlparser2";
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
  const stream = new RecordStream(xml, reader);
  const tokenizer = new Tokenizer({ xmlMode: true, decodeEntities: true }, stream);
  tokenizer.write(xml);
  tokenizer.end();
  stream.finish();
}

/**
 * The tokenizer's callbacks over what reading holds: the open tags and their scopes, the
 * names above the record, the record being built, the tag being read. A class, as
 * htmlparser2's own Parser is, so each callback is a method beside the state it changes.
 */
class RecordStream implements TokenizerCallbacks {
  private readonly xml: string;
  private readonly reader: RecordReader;
  private readonly stack: OpenTag[] = [];
  private readonly ancestors: XmlName[] = [];
  private readonly open: XmlElement[] = [];
  private rootSeen = false;
  // The tag being read: its name and raw attributes, until `>` or `/>`.
  private tagName = "";
  private rawAttributes: [string, string][] = [];
  private attributeName = "";
  private attributeText = "";

  constructor(xml: string, reader: RecordReader) {
    this.xml = xml;
    this.reader = reader;
  }

  onopentagname(start: number, end: number) {
    this.tagName = this.xml.slice(start, end);
    this.rawAttributes = [];
  }

  onattribname(start: number, end: number) {
    this.attributeName = this.xml.slice(start, end);
    this.attributeText = "";
  }

  onattribdata(start: number, end: number) {
    const raw = this.xml.slice(start, end);
    if (raw.includes("&")) this.fail(start, "an entity reference XML does not define");
    this.attributeText += raw;
  }

  onattribentity(codepoint: number) {
    this.attributeText += String.fromCodePoint(codepoint);
  }

  onattribend(quote: QuoteType, end: number) {
    if (quote === QuoteType.NoValue || quote === QuoteType.Unquoted) {
      this.fail(end, `attribute "${this.attributeName}" without a quoted value`);
    }
    if (this.rawAttributes.some(([name]) => name === this.attributeName)) {
      this.fail(end, `attribute "${this.attributeName}" given twice`);
    }
    this.rawAttributes.push([this.attributeName, this.attributeText]);
  }

  onopentagend(end: number) {
    this.openElement(end);
  }

  onselfclosingtag(end: number) {
    this.openElement(end);
    this.closeElement(this.tagName, end);
  }

  onclosetag(start: number, end: number) {
    this.closeElement(this.xml.slice(start, end), start);
  }

  ontext(start: number, end: number) {
    const raw = this.xml.slice(start, end);
    // The tokenizer decodes what XML defines and leaves any other reference as text.
    if (raw.includes("&")) this.fail(start, "an entity reference XML does not define");
    this.appendText(raw, start);
  }

  ontextentity(codepoint: number, end: number) {
    this.appendText(String.fromCodePoint(codepoint), end);
  }

  oncdata(start: number, end: number, offset: number) {
    this.appendText(this.xml.slice(start, end - offset), start);
  }

  ondeclaration(start: number) {
    if (/^!?doctype/i.test(this.xml.slice(start, start + 8))) {
      throw new ImportFormatError(
        `The file declares a DOCTYPE, which ${this.reader.expected} never has; it was refused so that no entity can be expanded.`,
      );
    }
    this.fail(start, "a declaration XML exports do not have");
  }

  onprocessinginstruction() {}
  oncomment() {}
  onend() {}

  /** After the last token: the document must have had its root, and closed it. */
  finish() {
    const { xml, stack } = this;
    if (stack.length > 0) this.fail(xml.length, `"${stack.at(-1)!.qname}" is never closed`);
    if (!this.rootSeen) this.fail(xml.length, "no root element");
  }

  // Messages name the line and the kind of fault, never a stretch of the input.
  private fail(at: number, why: string): never {
    const line = this.xml.slice(0, at).split("\n").length;
    throw new ImportFormatError(`The file is not well-formed XML (line ${line}: ${why}).`);
  }

  private appendText(text: string, at: number) {
    const current = this.open.at(-1);
    if (current) current.text += text;
    else if (this.stack.length === 0 && text.trim()) this.fail(at, "text outside the root element");
  }

  private resolve(
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
      if (prefix) this.fail(at, `unbound namespace prefix "${prefix}"`);
      return { uri: "", local };
    }
    return { uri, local };
  }

  private openElement(at: number) {
    const { stack, open, reader } = this;
    if (stack.length === 0 && this.rootSeen) this.fail(at, "a second root element");
    const { scope, declared } = scopeOf(this.rawAttributes, stack.at(-1)?.scope ?? ROOT_SCOPE);
    const attributes: (XmlName & { value: string })[] = [];
    for (const [qname, value] of this.rawAttributes) {
      if (qname === "xmlns" || qname.startsWith("xmlns:")) continue;
      const { uri, local } = this.resolve(qname, scope, at, true);
      attributes.push({ uri, local, value });
    }
    const name = this.resolve(this.tagName, scope, at, false);
    stack.push({ qname: this.tagName, scope });

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
    if (!this.rootSeen) {
      this.rootSeen = true;
      const problem = reader.checkRoot(name, declared);
      if (problem) throw new ImportFormatError(`This is not ${reader.expected}: ${problem}`);
    }
    if (reader.isRecord(name, this.ancestors)) open.push(element);
    else this.ancestors.push(name);
  }

  private closeElement(qname: string, at: number) {
    const top = this.stack.pop();
    if (!top) return this.fail(at, `closing tag "${qname}" without an opening tag`);
    if (top.qname !== qname) this.fail(at, `"${top.qname}" is closed by "${qname}"`);
    const closed = this.open.pop();
    if (!closed) this.ancestors.pop();
    else if (this.open.length === 0) this.reader.onRecord(closed);
  }
}

/**
 * The namespace scope inside a tag, and the URIs it declares. A new scope only where
 * namespaces are declared (in exports: the root, nearly always).
 */
function scopeOf(
  rawAttributes: [string, string][],
  outer: ReadonlyMap<string, string>,
): { scope: ReadonlyMap<string, string>; declared: string[] } {
  let scope = outer;
  const declared: string[] = [];
  for (const [qname, value] of rawAttributes) {
    if (qname !== "xmlns" && !qname.startsWith("xmlns:")) continue;
    const widened = new Map(scope);
    widened.set(qname === "xmlns" ? "" : qname.slice(6), value);
    scope = widened;
    declared.push(value);
  }
  return { scope, declared };
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
