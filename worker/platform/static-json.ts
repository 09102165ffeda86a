/**
 * JSON the build put among the static assets (dist/public), read by the Worker itself
 * through the ASSETS binding: text kept out of the bundle, read once per isolate. A failed
 * read is not kept, so the next request tries again.
 */

/** The ASSETS binding, typed by what is used of it (the desk's build imports mail code too). */
export type Assets = { fetch(url: string): Promise<Response> };

const loaded = new Map<string, Promise<unknown>>();

export function staticJson<T>(assets: Assets, file: string): Promise<T> {
  let value = loaded.get(file);
  if (!value) {
    value = assets.fetch(`https://assets.invalid/${file}`).then((response) => {
      if (!response.ok) throw new Error(`${file}: ${response.status}`);
      return response.json();
    });
    value.catch(() => loaded.delete(file));
    loaded.set(file, value);
  }
  return value as Promise<T>;
}
