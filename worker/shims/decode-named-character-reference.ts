/**
 * Stands in for the `decode-named-character-reference` package in the deployed bundle
 * (see `[alias]` in wrangler.toml). micromark uses it to decode `&name;` references; the
 * original carries its own copy of the HTML entity table, while htmlparser2 (used by the
 * importers) already ships one in `entities`. Sharing that table keeps the Worker under
 * its size budget. test/domain/named-character-reference.test.ts checks, name by name,
 * that both give the same answer.
 */
import { decodeHTMLStrict } from "entities";

export function decodeNamedCharacterReference(value: string): string | false {
  // Names only: `entities` would also decode numeric references and trailing text.
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(value)) return false;
  const reference = `&${value};`;
  const decoded = decodeHTMLStrict(reference);
  return decoded === reference ? false : decoded;
}
