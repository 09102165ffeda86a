import type { ImportedComment, ImportResult } from "../../importers/types";

/** The imported comment with this source id, wherever its thread; throws when there is none. */
export function commentById(result: ImportResult, sourceId: string): ImportedComment {
  const comment = result.threads
    .flatMap((thread) => thread.comments)
    .find((candidate) => candidate.sourceId === sourceId);
  if (!comment) throw new Error(`no comment ${sourceId}`);
  return comment;
}
