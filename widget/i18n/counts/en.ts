/** "3 comments" by plural category (Intl.PluralRules); count.js reads every language's. */
export const enCount: Record<string, string> = { one: "{n} comment", other: "{n} comments" };
