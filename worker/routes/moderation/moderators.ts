/**
 * Named moderators, managed by the owner: each has a personal token (shown once), a role,
 * and the sites they moderate. Revoking ends their access with the next request. And
 * `GET /me`: who the token in hand belongs to, for the desk's sign-in.
 */
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { toBase64Url, type Keys } from "../../domain/keys";
import { hashEmail, normalizeEmail, openEmail } from "../../domain/privacy";
import type { AppEnv } from "../../env";
import { ApiError, invalidInput } from "../../errors";
import {
  moderatorChangeSchema,
  moderatorIdParamSchema,
  newModeratorSchema,
} from "../../schemas/moderators";
import { logEntry } from "../../storage/audit-log";
import {
  createModerator,
  listModerators,
  revokeModerator,
  updateModerator,
  type ModeratorRecord,
} from "../../storage/moderators";
import { listSites } from "../../storage/sites";
import { parseInput, readJson } from "../../validation";
import { requireOwner } from "../site-lookup";
import { allDatabases, databaseOf } from "../../platform/site-databases";

export const moderators = new Hono<AppEnv>();

export const me = (c: Context<AppEnv>) => {
  const { id, name, role, sites } = c.var.actor;
  return c.json({ id, name, role, sites });
};

moderators.use(async (c, next) => {
  requireOwner(c);
  await next();
});

async function view(keys: Keys, moderator: ModeratorRecord) {
  return {
    id: moderator.id,
    name: moderator.name,
    email: (await openEmail(keys, moderator.emailEncrypted)) ?? "",
    role: moderator.role,
    sites: moderator.sites,
    createdAt: moderator.createdAt,
  };
}

const notFound = () => new ApiError("not_found", "There is no such moderator.");

/** Every listed site must exist, in any database: a typo would otherwise grant nothing, silently. */
async function checkSites(c: Context<AppEnv>, sites: string[] | undefined) {
  if (!sites?.length) return;
  const all = await Promise.all(allDatabases(c.env).map(listSites));
  const known = new Set(all.flat().map((site) => site.id));
  const unknown = sites.filter((site) => !known.has(site));
  if (unknown.length) throw invalidInput({ sites: `No such site: ${unknown.join(", ")}.` });
}

/** The audit log lives per site, in its database: a change to a moderator is logged on each site concerned. */
function logOnSites(
  c: Context<AppEnv>,
  sites: string[],
  action: "add-moderator" | "change-moderator" | "revoke-moderator",
  moderator: { id: string; name: string },
) {
  const detail = `${moderator.name} (${moderator.id})`;
  return Promise.all(
    sites.map((siteId) =>
      logEntry(databaseOf(c.env, siteId), { siteId, action, detail }, c.var.actor).run(),
    ),
  );
}

moderators.get("/", async (c) => {
  const all = await listModerators(c.env.DB);
  return c.json({ moderators: await Promise.all(all.map((m) => view(c.var.keys, m))) });
});

moderators.post("/", async (c) => {
  const input = parseInput(newModeratorSchema, await readJson(c));
  await checkSites(c, input.sites);
  const keys = c.var.keys;
  const email = normalizeEmail(input.email);
  const token = `pm_${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
  const record = {
    id: `m_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`,
    name: input.name,
    emailEncrypted: await keys.encrypt(email),
    emailHash: await hashEmail(keys, email),
    role: input.role,
    sites: [...new Set(input.sites)],
    tokenHash: await keys.hmacHex("moderator-token", token),
    createdAt: new Date().toISOString(),
  };
  if (!(await createModerator(c.env.DB, record))) {
    throw invalidInput({ email: "There is a moderator with this email already." });
  }
  await logOnSites(c, record.sites, "add-moderator", record);
  return c.json({ moderator: await view(keys, record), token }, 201);
});

moderators.patch("/:id", async (c) => {
  const { id } = parseInput(moderatorIdParamSchema, c.req.param());
  const change = parseInput(moderatorChangeSchema, await readJson(c));
  await checkSites(c, change.sites);
  const updated = await updateModerator(c.env.DB, id, {
    ...change,
    sites: change.sites && [...new Set(change.sites)],
  });
  if (!updated) throw notFound();
  await logOnSites(c, updated.sites, "change-moderator", updated);
  return c.json(await view(c.var.keys, updated));
});

moderators.delete("/:id", async (c) => {
  const { id } = parseInput(moderatorIdParamSchema, c.req.param());
  const revoked = await revokeModerator(c.env.DB, id, new Date().toISOString());
  if (!revoked) throw notFound();
  await logOnSites(c, revoked.sites, "revoke-moderator", revoked);
  return c.body(null, 204);
});
