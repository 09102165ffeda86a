/** "3 comments" by plural category (Intl.PluralRules); count.js reads every language's. */
export const frCount: Record<string, string> = {
  one: "{n} commentaire",
  other: "{n} commentaires",
};
