/**
 * The part of a Telegram update Parley reads: a button press (callback_query) in a chat.
 * Everything else an update may carry is ignored; the ids are Telegram's integers.
 */
import * as z from "zod";

const userSchema = z.object({
  id: z.number().int(),
  first_name: z.string().max(256),
  last_name: z.string().max(256).optional(),
  username: z.string().max(64).optional(),
});

export const telegramUpdateSchema = z.object({
  update_id: z.number().int(),
  callback_query: z
    .object({
      id: z.string().min(1).max(128),
      from: userSchema,
      message: z
        .object({
          message_id: z.number().int(),
          chat: z.object({ id: z.number().int() }),
        })
        .optional(),
      data: z.string().max(64).optional(),
    })
    .optional(),
});

export const telegramSecretHeaderSchema = z.object({
  "X-Telegram-Bot-Api-Secret-Token": z.string().max(256),
});
