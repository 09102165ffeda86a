/** "3 comments" by plural category (Intl.PluralRules); count.js reads every language's. */
export const deCount: Record<string, string> = { one: "{n} Kommentar", other: "{n} Kommentare" };
