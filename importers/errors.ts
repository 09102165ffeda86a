/**
 * Thrown when an upload cannot be read as the export format it claims to be: not
 * well-formed XML, a DOCTYPE (refused outright, see xml.ts), or the wrong kind of document.
 * The message is a sentence a site owner can act on; it never quotes the file's content,
 * which may hold other people's email and network addresses. Routes map it to 400
 * `invalid_input`.
 */
export class ImportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFormatError";
  }
}
