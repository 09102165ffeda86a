/**
 * What Parley's mail and its link pages say, in the languages the widget speaks. A site's
 * `mailLanguage` picks one. Counts stand after a colon ("New comments on …: 3"), so no
 * language needs plural forms here.
 */

export const mailLanguages = ["en", "de", "fr", "es", "ru", "uk", "zh"] as const;
export type MailLanguage = (typeof mailLanguages)[number];

/** Every action a link from a mail can carry, as its page asks and answers it. */
export type LinkAction = "approve" | "spam" | "reject" | "confirm" | "stopPage" | "stopSite";

const en = {
  held: "A comment awaits review on {site}",
  heldMany: "Comments awaiting review on {site}: {n}",
  wrote: "{author} on “{page}”:",
  reasons: "Held because: {reasons}",
  approve: "Approve",
  spam: "Spam",
  reject: "Reject",
  reply: "New comment on “{page}”",
  replyMany: "New comments on “{page}”: {n}",
  read: "Read it on the page",
  why: "You asked for mail about new comments on {site}.",
  stopPage: "No more mail about this page",
  stopSite: "No more mail from {site}",
  confirmSubject: "Confirm mail about comments on {site}",
  confirmBody:
    "Someone, probably you, asked for mail about new comments on “{page}”. Confirm with the link below. If it was not you, ignore this mail: nothing more will come.",
  confirm: "Confirm",
  spamSubject: "Caught as spam on {site} in the last day: {n}",
  spamBody: "If one of these is not spam, approve it.",
  anonymous: "Anonymous",
  ask: {
    approve: "Approve this comment?",
    spam: "Mark this comment as spam?",
    reject: "Reject this comment?",
    confirm: "Get mail about new comments on “{page}”?",
    stopPage: "Stop mail about “{page}”?",
    stopSite: "Stop all mail from {site}?",
  } as Record<LinkAction, string>,
  done: {
    approve: "The comment is approved.",
    spam: "The comment is marked as spam.",
    reject: "The comment is rejected.",
    confirm: "Confirmed: you will get mail about new comments.",
    stopPage: "You will get no more mail about this page.",
    stopSite: "You will get no more mail from {site}.",
  } as Record<LinkAction, string>,
  expired: "This link has expired.",
  invalid: "This link is not valid.",
  used: "This link has already been used.",
  gone: "This comment is no longer there.",
};

export type MailStrings = typeof en;

const de: MailStrings = {
  held: "Ein Kommentar wartet auf Prüfung auf {site}",
  heldMany: "Kommentare warten auf Prüfung auf {site}: {n}",
  wrote: "{author} zu „{page}“:",
  reasons: "Zurückgehalten wegen: {reasons}",
  approve: "Freigeben",
  spam: "Spam",
  reject: "Ablehnen",
  reply: "Neuer Kommentar zu „{page}“",
  replyMany: "Neue Kommentare zu „{page}“: {n}",
  read: "Auf der Seite lesen",
  why: "Du hast um E-Mails zu neuen Kommentaren auf {site} gebeten.",
  stopPage: "Keine E-Mails mehr zu dieser Seite",
  stopSite: "Keine E-Mails mehr von {site}",
  confirmSubject: "Bestätige E-Mails zu Kommentaren auf {site}",
  confirmBody:
    "Jemand, wahrscheinlich du, hat um E-Mails zu neuen Kommentaren zu „{page}“ gebeten. Bestätige mit dem Link unten. Warst du es nicht, ignoriere diese E-Mail: Es kommt nichts weiter.",
  confirm: "Bestätigen",
  spamSubject: "Als Spam erkannt auf {site} am letzten Tag: {n}",
  spamBody: "Ist einer davon kein Spam, gib ihn frei.",
  anonymous: "Anonym",
  ask: {
    approve: "Diesen Kommentar freigeben?",
    spam: "Diesen Kommentar als Spam markieren?",
    reject: "Diesen Kommentar ablehnen?",
    confirm: "E-Mails zu neuen Kommentaren zu „{page}“ erhalten?",
    stopPage: "Keine E-Mails mehr zu „{page}“?",
    stopSite: "Keine E-Mails mehr von {site}?",
  },
  done: {
    approve: "Der Kommentar ist freigegeben.",
    spam: "Der Kommentar ist als Spam markiert.",
    reject: "Der Kommentar ist abgelehnt.",
    confirm: "Bestätigt: Du bekommst E-Mails zu neuen Kommentaren.",
    stopPage: "Du bekommst keine E-Mails mehr zu dieser Seite.",
    stopSite: "Du bekommst keine E-Mails mehr von {site}.",
  },
  expired: "Dieser Link ist abgelaufen.",
  invalid: "Dieser Link ist ungültig.",
  used: "Dieser Link wurde schon benutzt.",
  gone: "Diesen Kommentar gibt es nicht mehr.",
};

const fr: MailStrings = {
  held: "Un commentaire attend d’être modéré sur {site}",
  heldMany: "Commentaires en attente de modération sur {site} : {n}",
  wrote: "{author} sur « {page} » :",
  reasons: "Retenu pour : {reasons}",
  approve: "Approuver",
  spam: "Indésirable",
  reject: "Refuser",
  reply: "Nouveau commentaire sur « {page} »",
  replyMany: "Nouveaux commentaires sur « {page} » : {n}",
  read: "Le lire sur la page",
  why: "Vous avez demandé à être prévenu des nouveaux commentaires sur {site}.",
  stopPage: "Plus d’e-mails sur cette page",
  stopSite: "Plus d’e-mails de {site}",
  confirmSubject: "Confirmez les e-mails sur les commentaires de {site}",
  confirmBody:
    "Quelqu’un, sans doute vous, a demandé à être prévenu des nouveaux commentaires sur « {page} ». Confirmez avec le lien ci-dessous. Si ce n’était pas vous, ignorez cet e-mail : vous ne recevrez rien d’autre.",
  confirm: "Confirmer",
  spamSubject: "Indésirables bloqués sur {site} ces dernières 24 heures : {n}",
  spamBody: "Si l’un d’eux n’est pas indésirable, approuvez-le.",
  anonymous: "Anonyme",
  ask: {
    approve: "Approuver ce commentaire ?",
    spam: "Marquer ce commentaire comme indésirable ?",
    reject: "Refuser ce commentaire ?",
    confirm: "Recevoir un e-mail pour les nouveaux commentaires sur « {page} » ?",
    stopPage: "Ne plus recevoir d’e-mails sur « {page} » ?",
    stopSite: "Ne plus recevoir d’e-mails de {site} ?",
  },
  done: {
    approve: "Le commentaire est approuvé.",
    spam: "Le commentaire est marqué comme indésirable.",
    reject: "Le commentaire est refusé.",
    confirm: "C’est confirmé : vous serez prévenu des nouveaux commentaires.",
    stopPage: "Vous ne recevrez plus d’e-mails sur cette page.",
    stopSite: "Vous ne recevrez plus d’e-mails de {site}.",
  },
  expired: "Ce lien a expiré.",
  invalid: "Ce lien n’est pas valide.",
  used: "Ce lien a déjà servi.",
  gone: "Ce commentaire n’existe plus.",
};

const es: MailStrings = {
  held: "Un comentario espera revisión en {site}",
  heldMany: "Comentarios a la espera de revisión en {site}: {n}",
  wrote: "{author} en «{page}»:",
  reasons: "Retenido por: {reasons}",
  approve: "Aprobar",
  spam: "Spam",
  reject: "Rechazar",
  reply: "Nuevo comentario en «{page}»",
  replyMany: "Nuevos comentarios en «{page}»: {n}",
  read: "Leerlo en la página",
  why: "Pediste recibir correos sobre nuevos comentarios en {site}.",
  stopPage: "No más correos sobre esta página",
  stopSite: "No más correos de {site}",
  confirmSubject: "Confirma los correos sobre comentarios en {site}",
  confirmBody:
    "Alguien, probablemente tú, pidió recibir correos sobre nuevos comentarios en «{page}». Confírmalo con el enlace de abajo. Si no fuiste tú, ignora este correo: no llegará nada más.",
  confirm: "Confirmar",
  spamSubject: "Detectados como spam en {site} en el último día: {n}",
  spamBody: "Si alguno no es spam, apruébalo.",
  anonymous: "Anónimo",
  ask: {
    approve: "¿Aprobar este comentario?",
    spam: "¿Marcar este comentario como spam?",
    reject: "¿Rechazar este comentario?",
    confirm: "¿Recibir correos sobre nuevos comentarios en «{page}»?",
    stopPage: "¿Dejar de recibir correos sobre «{page}»?",
    stopSite: "¿Dejar de recibir correos de {site}?",
  },
  done: {
    approve: "El comentario está aprobado.",
    spam: "El comentario está marcado como spam.",
    reject: "El comentario está rechazado.",
    confirm: "Confirmado: recibirás correos sobre nuevos comentarios.",
    stopPage: "No recibirás más correos sobre esta página.",
    stopSite: "No recibirás más correos de {site}.",
  },
  expired: "Este enlace ha caducado.",
  invalid: "Este enlace no es válido.",
  used: "Este enlace ya se ha usado.",
  gone: "Este comentario ya no existe.",
};

const ru: MailStrings = {
  held: "Комментарий ожидает проверки на {site}",
  heldMany: "Комментарии, ожидающие проверки на {site}: {n}",
  wrote: "{author} к «{page}»:",
  reasons: "Задержан по причине: {reasons}",
  approve: "Одобрить",
  spam: "Спам",
  reject: "Отклонить",
  reply: "Новый комментарий к «{page}»",
  replyMany: "Новые комментарии к «{page}»: {n}",
  read: "Читать на странице",
  why: "Вы просили присылать письма о новых комментариях на {site}.",
  stopPage: "Больше не писать об этой странице",
  stopSite: "Больше не писать с {site}",
  confirmSubject: "Подтвердите письма о комментариях на {site}",
  confirmBody:
    "Кто-то, вероятно вы, попросил присылать письма о новых комментариях к «{page}». Подтвердите по ссылке ниже. Если это были не вы, просто проигнорируйте письмо: больше ничего не придёт.",
  confirm: "Подтвердить",
  spamSubject: "Отмечено как спам на {site} за последние сутки: {n}",
  spamBody: "Если что-то из этого не спам, одобрите.",
  anonymous: "Аноним",
  ask: {
    approve: "Одобрить этот комментарий?",
    spam: "Отметить этот комментарий как спам?",
    reject: "Отклонить этот комментарий?",
    confirm: "Получать письма о новых комментариях к «{page}»?",
    stopPage: "Больше не получать письма о «{page}»?",
    stopSite: "Больше не получать письма с {site}?",
  },
  done: {
    approve: "Комментарий одобрен.",
    spam: "Комментарий отмечен как спам.",
    reject: "Комментарий отклонён.",
    confirm: "Подтверждено: вы будете получать письма о новых комментариях.",
    stopPage: "Писем об этой странице больше не будет.",
    stopSite: "Писем с {site} больше не будет.",
  },
  expired: "Срок действия ссылки истёк.",
  invalid: "Ссылка недействительна.",
  used: "Эта ссылка уже использована.",
  gone: "Этого комментария больше нет.",
};

const uk: MailStrings = {
  held: "Коментар очікує на перевірку на {site}",
  heldMany: "Коментарі, що очікують на перевірку на {site}: {n}",
  wrote: "{author} до «{page}»:",
  reasons: "Затримано через: {reasons}",
  approve: "Схвалити",
  spam: "Спам",
  reject: "Відхилити",
  reply: "Новий коментар до «{page}»",
  replyMany: "Нові коментарі до «{page}»: {n}",
  read: "Читати на сторінці",
  why: "Ви просили надсилати листи про нові коментарі на {site}.",
  stopPage: "Більше не писати про цю сторінку",
  stopSite: "Більше не писати з {site}",
  confirmSubject: "Підтвердьте листи про коментарі на {site}",
  confirmBody:
    "Хтось, імовірно ви, попросив надсилати листи про нові коментарі до «{page}». Підтвердьте за посиланням нижче. Якщо це були не ви, просто ігноруйте лист: більше нічого не надійде.",
  confirm: "Підтвердити",
  spamSubject: "Позначено як спам на {site} за останню добу: {n}",
  spamBody: "Якщо щось із цього не спам, схваліть.",
  anonymous: "Анонім",
  ask: {
    approve: "Схвалити цей коментар?",
    spam: "Позначити цей коментар як спам?",
    reject: "Відхилити цей коментар?",
    confirm: "Отримувати листи про нові коментарі до «{page}»?",
    stopPage: "Більше не отримувати листи про «{page}»?",
    stopSite: "Більше не отримувати листи з {site}?",
  },
  done: {
    approve: "Коментар схвалено.",
    spam: "Коментар позначено як спам.",
    reject: "Коментар відхилено.",
    confirm: "Підтверджено: ви отримуватимете листи про нові коментарі.",
    stopPage: "Листів про цю сторінку більше не буде.",
    stopSite: "Листів з {site} більше не буде.",
  },
  expired: "Термін дії посилання минув.",
  invalid: "Посилання недійсне.",
  used: "Це посилання вже використано.",
  gone: "Цього коментаря більше немає.",
};

const zh: MailStrings = {
  held: "{site} 上有一条评论等待审核",
  heldMany: "{site} 上等待审核的评论：{n}",
  wrote: "{author} 在《{page}》：",
  reasons: "待审原因：{reasons}",
  approve: "批准",
  spam: "垃圾评论",
  reject: "拒绝",
  reply: "《{page}》有新评论",
  replyMany: "《{page}》的新评论：{n}",
  read: "在页面上阅读",
  why: "你曾要求在 {site} 有新评论时收到邮件。",
  stopPage: "不再接收此页面的邮件",
  stopSite: "不再接收来自 {site} 的邮件",
  confirmSubject: "确认接收 {site} 的评论邮件",
  confirmBody:
    "有人（很可能是你）要求在《{page}》有新评论时收到邮件。请通过下面的链接确认。如果不是你，请忽略这封邮件，之后不会再收到任何邮件。",
  confirm: "确认",
  spamSubject: "过去一天 {site} 拦截的垃圾评论：{n}",
  spamBody: "如果其中有不是垃圾评论的，请批准它。",
  anonymous: "匿名",
  ask: {
    approve: "批准这条评论？",
    spam: "将这条评论标记为垃圾评论？",
    reject: "拒绝这条评论？",
    confirm: "在《{page}》有新评论时接收邮件？",
    stopPage: "不再接收关于《{page}》的邮件？",
    stopSite: "不再接收来自 {site} 的任何邮件？",
  },
  done: {
    approve: "评论已批准。",
    spam: "评论已标记为垃圾评论。",
    reject: "评论已拒绝。",
    confirm: "已确认：有新评论时你会收到邮件。",
    stopPage: "你将不再收到关于此页面的邮件。",
    stopSite: "你将不再收到来自 {site} 的邮件。",
  },
  expired: "此链接已过期。",
  invalid: "此链接无效。",
  used: "此链接已被使用。",
  gone: "这条评论已不存在。",
};

const all: Record<MailLanguage, MailStrings> = { en, de, fr, es, ru, uk, zh };

export const mailStrings = (language: MailLanguage): MailStrings => all[language];

/** "{site}" and friends filled in; values are plain text (escaped later for HTML). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ""));
}
