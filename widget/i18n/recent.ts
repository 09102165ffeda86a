/** recent.js's words in every language (it is small enough to carry them all). */
export interface RecentStrings {
  /** The list of comments, for assistive technology (the host page writes its own heading). */
  comments: string;
  /** The list of pages. */
  pages: string;
  /** Between who wrote a comment and the page it is on ("Ann on A post"). */
  on: string;
  /** Who wrote a comment without a name. */
  anonymous: string;
}

export const recentStrings: Record<string, RecentStrings> = {
  en: {
    comments: "Recent comments",
    pages: "Most commented",
    on: "on",
    anonymous: "Anonymous",
  },
  de: {
    comments: "Neueste Kommentare",
    pages: "Meistkommentiert",
    on: "zu",
    anonymous: "Anonym",
  },
  fr: {
    comments: "Commentaires récents",
    pages: "Les plus commentés",
    on: "sur",
    anonymous: "Anonyme",
  },
  es: {
    comments: "Comentarios recientes",
    pages: "Lo más comentado",
    on: "en",
    anonymous: "Anónimo",
  },
  ru: {
    comments: "Свежие комментарии",
    pages: "Больше всего комментариев",
    on: "к записи",
    anonymous: "Аноним",
  },
  uk: {
    comments: "Останні коментарі",
    pages: "Найбільше коментарів",
    on: "до запису",
    anonymous: "Анонім",
  },
  zh: { comments: "最新评论", pages: "评论最多", on: "评论了", anonymous: "匿名" },
};
