/** Schemas of the owner's moderator accounts, and of who is signed in. */
import * as z from "zod";
import { emailSchema, siteIdSchema } from "./common";

export const roleSchema = z.enum(["moderator", "owner"]);

export const newModeratorSchema = z.object({
  name: z.string().trim().min(1, "Give the moderator a name.").max(100),
  email: emailSchema,
  role: roleSchema.default("moderator"),
  sites: z.array(siteIdSchema).max(100).default([]),
});

export const moderatorChangeSchema = z
  .object({
    name: z.string().trim().min(1, "Give the moderator a name.").max(100).optional(),
    role: roleSchema.optional(),
    sites: z.array(siteIdSchema).max(100).optional(),
  })
  .refine((change) => Object.values(change).some((value) => value !== undefined), {
    message: "Give a name, a role or sites.",
    path: ["name"],
  });

export const moderatorIdParamSchema = z.object({
  id: z.string().regex(/^m_[A-Za-z0-9]{8,40}$/, "Not a moderator id."),
});

export const moderatorSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  sites: z.array(z.string()),
  createdAt: z.string(),
});

export const newModeratorResponseSchema = z.object({
  moderator: moderatorSchema,
  token: z.string(),
});

export const meSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  sites: z.array(z.string()).nullable(),
});
