/** Every router, one per audience, in the order the app mounts them (app.ts). */
import type { DeclaredRouter } from "./declare";
import { mailLinks } from "./mail-links";
import { moderationApi } from "./moderation";
import { operations } from "./operations";
import { feeds } from "./public/feeds";
import { publicApi } from "./public";

export const routers: DeclaredRouter[] = [operations, moderationApi, publicApi, feeds, mailLinks];
