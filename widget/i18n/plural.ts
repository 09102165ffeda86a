/**
 * One plural function for the widget, count.js and the Worker (its domain owns it).
 * Imported from here, not through i18n/index.ts, so that only the code that uses it (embed.js,
 * the extras, count.js) carries it, and the form's chunks do not.
 */
export { plural } from "../../worker/domain/plural";
