/**
 * Injected by the build into every widget module: JSX compiles to Preact's own h() (the
 * classic transform), which is smaller than the automatic runtime's extra module.
 */
export { h, Fragment } from "preact";
