/** The languages Parley speaks, one list for the widget and the Worker (its domain owns it). */
export { languages as LANGUAGES, pickLanguage } from "../../worker/domain/languages";
