/**
 * Whether mail goes out: the deployment needs a transport and PUBLIC_URL (links point
 * there), a site needs a sender address (`mailFrom`). Readers are offered mail only where
 * the site also leaves `readerNotifications` on.
 */
import type { Site } from "../domain/site";
import { publicUrl } from "../config";
import type { Bindings } from "../env";
import { transportFor } from "./transport";

export function siteSendsMail(env: Bindings, site: Site): boolean {
  return Boolean(site.settings.mailFrom && publicUrl(env)) && transportFor(env) !== null;
}

export function offersReaderMail(env: Bindings, site: Site): boolean {
  return site.settings.readerNotifications && siteSendsMail(env, site);
}
