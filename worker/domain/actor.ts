/**
 * Who is acting on the moderation API: the owner (MODERATOR_TOKEN), a named moderator
 * (their personal token, or Cloudflare Access), or a link from Parley's mail. The audit log
 * records the actor of every action; a moderator reaches only their own sites.
 */
export type Role = "owner" | "moderator";

export interface Actor {
  /**
   * "owner", a moderator's id, "mail" / "webhook" for a link's page, "reader", or
   * "telegram:<user id>" for a button pressed in a registered chat.
   */
  id: string;
  name: string;
  role: Role;
  /** The sites this actor may moderate; null: every site. */
  sites: string[] | null;
}

export const ownerActor: Actor = { id: "owner", name: "Owner", role: "owner", sites: null };

/** A mail link acts for its recipient on the one comment the link names. */
export const mailLinkActor = (via: "mail" | "webhook"): Actor => ({
  id: via,
  name: via === "mail" ? "Mail link" : "Webhook link",
  role: "moderator",
  sites: null,
});

/**
 * A reader erasing what their own address left on a site, from the "my comments" page: the
 * audit log names them so, and the erasure reaches that one site only.
 */
export const readerActor = (siteId: string): Actor => ({
  id: "reader",
  name: "The author (my comments)",
  role: "moderator",
  sites: [siteId],
});

/**
 * Someone pressing a button in a chat the owner registered for the site (routes/telegram.ts):
 * the log names the Telegram user, whose account is theirs to vouch for, not Parley's.
 */
export const telegramActor = (
  siteId: string,
  user: { id: number; first_name: string; last_name?: string; username?: string },
): Actor => ({
  id: `telegram:${user.id}`,
  name: `${[user.first_name, user.last_name].filter(Boolean).join(" ")}${user.username ? ` (@${user.username})` : ""} on Telegram`,
  role: "moderator",
  sites: [siteId],
});

export function mayModerate(actor: Actor, siteId: string): boolean {
  return actor.sites === null || actor.sites.includes(siteId);
}
