/**
 * The one place export XML is read. saxes is a non-validating streaming parser: it never
 * fetches anything, and it does not expand entities declared in a DTD. We go further and
 * refuse any DOCTYPE at all (no real export has one; billion-laughs and XXE payloads need
 * one), so only the five predefined entities and numeric character references are ever
 * decoded, and any other entity reference is a well-formedness error.
 *
 * Exports are long lists of small records (a WordPress <item>, a Disqus <post>), so the
 * reader keeps only the record currently open as a tiny tree and hands it over when it
 * closes; nothing else of the document is retained.
 */
import { SaxesParser, type SaxesTagNS } from "saxes";
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

/** Streams `xml`, calling `reader.onRecord` per record; throws ImportFormatError on bad input. */
export function readXmlRecords(xml: string, reader: RecordReader): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const ancestors: XmlName[] = [];
  const open: XmlElement[] = [];

  parser.on("doctype", () => {
    throw new ImportFormatError(
      `The file declares a DOCTYPE, which ${reader.expected} never has; it was refused so that no entity can be expanded.`,
    );
  });
  // saxes reports position and cause ("3:14: unclosed tag: item"), never a stretch of the
  // input, so its message is safe to pass on.
  parser.on("error", (error) => {
    throw new ImportFormatError(
      `The file is not well-formed XML (${error.message.replace(/\.$/, "")}).`,
    );
  });
  parser.on("opentag", (tag: SaxesTagNS) => {
    const name = { uri: tag.uri, local: tag.local };
    const parent = open.at(-1);
    if (parent) {
      const element = toElement(tag);
      parent.children.push(element);
      open.push(element);
      return;
    }
    if (ancestors.length === 0) {
      const problem = reader.checkRoot(name, Object.values(tag.ns));
      if (problem) throw new ImportFormatError(`This is not ${reader.expected}: ${problem}`);
    }
    if (reader.isRecord(name, ancestors)) open.push(toElement(tag));
    else ancestors.push(name);
  });
  const appendText = (text: string) => {
    const current = open.at(-1);
    if (current) current.text += text;
  };
  parser.on("text", appendText);
  parser.on("cdata", appendText);
  parser.on("closetag", () => {
    const closed = open.pop();
    if (!closed) ancestors.pop();
    else if (open.length === 0) reader.onRecord(closed);
  });

  parser.write(xml).close();
}

function toElement(tag: SaxesTagNS): XmlElement {
  const attributes = Object.values(tag.attributes).map(({ uri, local, value }) => ({
    uri,
    local,
    value,
  }));
  return { uri: tag.uri, local: tag.local, attributes, children: [], text: "" };
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
