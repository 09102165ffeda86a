/** "3 comments" by plural category (Intl.PluralRules); count.js reads every language's. */
export const ruCount: Record<string, string> = {
  one: "{n} комментарий",
  few: "{n} комментария",
  many: "{n} комментариев",
  other: "{n} комментария",
};
