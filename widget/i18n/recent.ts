/** recent.js's words in every language (it is small enough to carry them all). */
export interface RecentStrings {
  /** The list of comments, for assistive technology (the host page writes its own heading). */
  comments: string;
  /** The list of pages. */
  pages: string;
  /** One comment: who wrote it, on which page. */
  on: string;
  /** Who wrote a comment without a name. */
  anonymous: string;
}

export const recentStrings: Record<string, RecentStrings> = {
  en: {
    comments: "Recent comments",
    pages: "Most commented",
    on: "{name} on {title}",
    anonymous: "Anonymous",
  },
  de: {
    comments: "Neueste Kommentare",
    pages: "Meistkommentiert",
    on: "{name} zu {title}",
    anonymous: "Anonym",
  },
  fr: {
    comments: "Commentaires récents",
    pages: "Les plus commentés",
    on: "{name} sur {title}",
    anonymous: "Anonyme",
  },
  es: {
    comments: "Comentarios recientes",
    pages: "Lo más comentado",
    on: "{name} en {title}",
    anonymous: "Anónimo",
  },
  ru: {
    comments: "Свежие комментарии",
    pages: "Больше всего комментариев",
    on: "{name} к записи {title}",
    anonymous: "Аноним",
  },
  uk: {
    comments: "Останні коментарі",
    pages: "Найбільше коментарів",
    on: "{name} до запису {title}",
    anonymous: "Анонім",
  },
  zh: { comments: "最新评论", pages: "评论最多", on: "{name} 评论了 {title}", anonymous: "匿名" },
};
