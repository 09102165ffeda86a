/** Signing in with a moderator token, which stays in this tab only. */
import { useState } from "preact/hooks";
import { ApiFailure, me as whoAmI, saveToken, type Me } from "./api";

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState("");
  async function submit(event: Event) {
    event.preventDefault();
    try {
      const me = await whoAmI(token.trim());
      saveToken(token.trim());
      onSignedIn(me);
    } catch (failure) {
      setError(
        failure instanceof ApiFailure && failure.status === 401
          ? "That token is not valid. Check it and try again."
          : (failure as Error).message,
      );
    }
  }
  return (
    <main class="sign-in">
      <h1>Parley</h1>
      <form onSubmit={submit}>
        <label for="token">Moderator token</label>
        <input
          id="token"
          type="password"
          autoComplete="current-password"
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "token-error" : undefined}
          required
        />
        {error && (
          <p id="token-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary">
          Sign in
        </button>
        <p class="hint">The token stays in this tab only, and is forgotten when you sign out.</p>
      </form>
    </main>
  );
}
