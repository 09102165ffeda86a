/** One plural function for the widget, count.js and the Worker (its domain owns it). */
export { plural } from "../../worker/domain/plural";
