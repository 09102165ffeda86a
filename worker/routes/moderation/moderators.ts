/**
 * Named moderators, managed by the owner: each has a personal token (shown once), a role,
 * and the sites they moderate. Revoking ends their access with the next request. And
 * `GET /me`: who the token in hand belongs to, for the desk's sign-in.
 */
import type { Context } from "hono";
import { toBase64Url, type Keys } from "../../domain/keys";
import { hashEmail, normalizeEmail, openEmail } from "../../domain/privacy";
import type { AppEnv } from "../../env";
import { ApiError, invalidInput } from "../../errors";
import {
  meSchema,
  moderatorChangeSchema,
  moderatorIdParamSchema,
  moderatorSchema,
  newModeratorResponseSchema,
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
import * as z from "zod";
import { declare, type DeclaredRouter, type Handler } from "../declare";
import { allDatabases, databaseOf } from "../../platform/site-databases";

/** Who is signed in, and the named moderators (the owner's to manage). */
export function moderatorRoutes(api: DeclaredRouter): void {
  api.route(declare({ method: "get", path: "/me", response: meSchema, errors: [401] }), (c) => {
    const { id, name, role, sites } = c.get("actor");
    return c.json({ id, name, role, sites });
  });
  api.route(listDeclaration, listHandler);
  api.route(addDeclaration, addHandler);
  api.route(changeDeclaration, changeHandler);
  api.route(revokeDeclaration, revokeHandler);
}

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
      logEntry(
        databaseOf(c.env, siteId),
        { siteId, action, detail, at: new Date().toISOString() },
        c.get("actor"),
      ).run(),
    ),
  );
}

const listDeclaration = declare({
  method: "get",
  path: "/moderators",
  owner: true,
  response: z.object({ moderators: z.array(moderatorSchema) }),
  errors: [401, 403],
});

const listHandler: Handler<typeof listDeclaration> = async (c) => {
  const all = await listModerators(c.env.DB);
  return c.json({ moderators: await Promise.all(all.map((m) => view(c.get("keys"), m))) });
};

const addDeclaration = declare({
  method: "post",
  path: "/moderators",
  owner: true,
  body: newModeratorSchema,
  status: 201,
  response: newModeratorResponseSchema,
  errors: [400, 401, 403, 413, 415],
});

const addHandler: Handler<typeof addDeclaration> = async (c, { body: input }) => {
  await checkSites(c, input.sites);
  const keys = c.get("keys");
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
};

const changeDeclaration = declare({
  method: "patch",
  path: "/moderators/:id",
  owner: true,
  params: moderatorIdParamSchema,
  body: moderatorChangeSchema,
  response: moderatorSchema,
  errors: [400, 401, 403, 404, 413, 415],
});

const changeHandler: Handler<typeof changeDeclaration> = async (c, { params, body: change }) => {
  const { id } = params;
  await checkSites(c, change.sites);
  const updated = await updateModerator(c.env.DB, id, {
    ...change,
    sites: change.sites && [...new Set(change.sites)],
  });
  if (!updated) throw notFound();
  await logOnSites(c, updated.sites, "change-moderator", updated);
  return c.json(await view(c.get("keys"), updated));
};

const revokeDeclaration = declare({
  method: "delete",
  path: "/moderators/:id",
  owner: true,
  params: moderatorIdParamSchema,
  status: 204,
  errors: [400, 401, 403, 404],
});

const revokeHandler: Handler<typeof revokeDeclaration> = async (c, { params }) => {
  const { id } = params;
  const revoked = await revokeModerator(c.env.DB, id, new Date().toISOString());
  if (!revoked) throw notFound();
  await logOnSites(c, revoked.sites, "revoke-moderator", revoked);
  return c.body(null, 204);
};
