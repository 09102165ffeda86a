/** "3 comments" by plural category (Intl.PluralRules); count.js reads every language's. */
export const ukCount: Record<string, string> = {
  one: "{n} коментар",
  few: "{n} коментарі",
  many: "{n} коментарів",
  other: "{n} коментаря",
};
