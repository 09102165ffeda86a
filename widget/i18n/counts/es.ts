/** "3 comments" by plural category (Intl.PluralRules); count.js reads every language's. */
export const esCount: Record<string, string> = { one: "{n} comentario", other: "{n} comentarios" };
