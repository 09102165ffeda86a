/** "3 comments" by plural category (Intl.PluralRules); count.js reads every language's. */
export const zhCount: Record<string, string> = { other: "{n} 条评论" };
