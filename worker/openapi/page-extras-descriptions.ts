/**
 * What the fields of the reads and writes beside a page's thread mean (the recent comments;
 * page reactions), registered as descriptions.ts (which imports this file) registers the
 * rest: build time only.
 */
import { reactionSchema, recentQuerySchema } from "../schemas/reader";
import {
  listResponseSchema,
  reactionCountsSchema,
  reactionResponseSchema,
  recentCommentSchema,
  recentResponseSchema,
} from "../schemas/reader-answers";
import { siteSettingsSchema } from "../schemas/settings";
import { describe, describeFields, descriptions } from "./describe";

describeFields(recentQuerySchema, {
  limit: "How many comments (and, with pages=1, how many pages)",
  pages: "1: also the most commented pages",
});

describeFields(recentCommentSchema, {
  page: "The page the comment is on: its key, and its url and title as stored with its thread",
});

describeFields(recentResponseSchema, {
  comments: "Approved comments, newest first, without their replies",
  pages: "With pages=1: the pages with the most approved comments, most first",
});

// ---- page reactions ----

describeFields(reactionSchema, {
  kind: "One of the reactions the site offers (its settings' reactions); another known kind: 403",
  reader:
    "The random id the browser keeps for likes and reactions (localStorage), made on the first of either",
  reacted: "true to react, false to take the reaction back",
});

describeFields(reactionResponseSchema, {
  reacted: "Whether this reader now has this reaction on the page",
});

describe(
  reactionCountsSchema,
  "The page's count of each reaction the site offers, in the site's order (0: none yet)",
);

describeFields(listResponseSchema.shape.config, {
  reactions: "The reactions readers may give the page (POST /api/reactions); empty: no bar",
});

const reactionsSetting = siteSettingsSchema.shape.reactions;
describe(
  reactionsSetting,
  "Reactions readers may give each page (up to six, each once), in the order shown; []: none",
);
// The refinement's rule (each kind once), as JSON Schema says it.
descriptions.add(reactionsSetting, { ...descriptions.get(reactionsSetting), uniqueItems: true });
