/**
 * What every screen of the desk is handed: who is signed in, the sites they may see, the
 * site picked, and the one live region. Its own module, so no screen imports main.tsx.
 */
import type { Me, Site } from "./api";

export interface DeskContext {
  me: Me;
  sites: Site[];
  site: string;
  reloadSites: (select?: string) => Promise<void>;
  announce: (message: string) => void;
}
