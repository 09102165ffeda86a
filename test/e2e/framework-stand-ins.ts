/**
 * What the recipes' framework imports stand for in recipes.test.ts: a few lines each that
 * call a component's code as the framework does (React: render, then the effects whose
 * dependencies changed, each after the cleanup of its last run; cleanups on unmount.
 * Svelte: the script once per component, bind:this, onMount and the function it returns,
 * SvelteKit's afterNavigate after mounting and after each navigation). They run in the
 * page as written, as window.__framework; the recipes' bundles read their imports off it.
 */

declare global {
  interface Window {
    __framework: {
      router: { pathname: string };
      mount(
        component: (props: object) => unknown,
        props: object,
        host: Element,
      ): { rerender(): void; unmount(): void };
      mountSvelte(
        module: { tag: string; create(props: object): { bind(element: Element): void } },
        props: object,
        host: Element,
      ): { navigated(): void; unmount(): void };
    };
    __recipe: {
      default: (props: object) => unknown;
      tag: string;
      create(props: object): { bind(element: Element): void };
    };
    /** The component a test mounted: React's (rerender) or Svelte's (navigated). */
    __mounted: { rerender?(): void; navigated?(): void; unmount(): void };
  }
}

/** The names each stood-in module exports, as the recipes import them. */
const exports: Record<string, string[]> = {
  react: ["useEffect", "useRef"],
  "react/jsx-runtime": ["jsx", "jsxs", "Fragment"],
  "next/navigation": ["usePathname"],
  svelte: ["onMount"],
  "$app/navigation": ["afterNavigate"],
};

const react = `window.__framework = (() => {
  let rendering = null;
  const router = { pathname: "/" };
  function render(instance) {
    rendering = instance;
    instance.hook = 0;
    instance.effects = [];
    const element = instance.component(instance.props);
    rendering = null;
    if (!instance.dom) {
      instance.dom = document.createElement(element.type);
      instance.host.append(instance.dom);
    }
    // Refs are set at commit, before effects run.
    if (element.props.ref) element.props.ref.current = instance.dom;
    for (const run of instance.effects) run();
  }
  return {
    router,
    useRef(initial) {
      const instance = rendering;
      return (instance.slots[instance.hook++] ??= { current: initial });
    },
    useEffect(effect, deps) {
      const instance = rendering;
      const index = instance.hook++;
      const last = instance.slots[index];
      if (last && deps.every((dep, i) => Object.is(dep, last.deps[i]))) return;
      instance.effects.push(() => {
        last?.cleanup?.();
        instance.slots[index] = { deps, cleanup: effect() };
      });
    },
    usePathname: () => router.pathname,
    jsx: (type, props) => ({ type, props }),
    jsxs: (type, props) => ({ type, props }),
    Fragment: "fragment",
    mount(component, props, host) {
      const instance = { component, props, host, slots: [] };
      render(instance);
      return {
        rerender: () => render(instance),
        unmount() {
          for (const slot of instance.slots) slot?.cleanup?.();
          instance.dom.remove();
        },
      };
    },
  };
})();`;

const svelte = `window.__framework = (() => {
  let creating = null;
  return {
    onMount: (callback) => creating.mounts.push(callback),
    afterNavigate: (callback) => creating.navigations.push(callback),
    mountSvelte(module, props, host) {
      const instance = { mounts: [], navigations: [], cleanups: [] };
      creating = instance;
      const component = module.create(props);
      creating = null;
      const element = document.createElement(module.tag);
      host.append(element);
      component.bind(element);
      for (const callback of instance.mounts) {
        const cleanup = callback();
        if (typeof cleanup === "function") instance.cleanups.push(cleanup);
      }
      // SvelteKit calls afterNavigate once the component is mounted, then after each navigation.
      const navigated = () => instance.navigations.forEach((callback) => callback({}));
      navigated();
      return {
        navigated,
        unmount() {
          instance.cleanups.forEach((cleanup) => cleanup());
          element.remove();
        },
      };
    },
  };
})();`;

export const frameworkStandIns = { exports, react, svelte };
