<?php
// Parley single sign-on for WordPress (docs/single-sign-on.md). Put this in a small plugin
// or your theme's functions.php, and in wp-config.php:
//   define('PARLEY_SITE', 'blog');
//   define('PARLEY_SSO_SECRET', '…the site's SSO secret…');
// It makes the same payload as the Node helper, byte for byte.

function parley_base64url(string $bytes): string {
    return rtrim(strtr(base64_encode($bytes), '+/', '-_'), '=');
}

/** The signed payload naming a user: $user has id, name and, optionally, email, avatarUrl, profileUrl. */
function parley_sign_user(array $user, string $site, string $secret, int $ttl = 3600, ?int $now = null): string {
    $iat = $now ?? time();
    $claims = array_filter([
        'sub' => (string) $user['id'],
        'name' => $user['name'],
        'email' => $user['email'] ?? null,
        'picture' => $user['avatarUrl'] ?? null,
        'profile' => $user['profileUrl'] ?? null,
        'aud' => $site,
        'iat' => $iat,
        'exp' => $iat + $ttl,
    ], fn ($value) => $value !== null);
    $flags = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS;
    $signed = parley_base64url(json_encode(['alg' => 'HS256', 'typ' => 'JWT'], $flags))
        . '.' . parley_base64url(json_encode($claims, $flags));
    return $signed . '.' . parley_base64url(hash_hmac('sha256', $signed, $secret, true));
}

/** The embed's data-sso attribute for the signed-in WordPress user; nothing when logged out. */
function parley_sso_attribute(): string {
    $user = wp_get_current_user();
    if (!$user->exists()) {
        return '';
    }
    $payload = parley_sign_user([
        'id' => $user->ID,
        'name' => $user->display_name,
        'email' => $user->user_email,
        'avatarUrl' => get_avatar_url($user->ID) ?: null,
        'profileUrl' => $user->user_url ?: null,
    ], PARLEY_SITE, PARLEY_SSO_SECRET);
    return ' data-sso="' . esc_attr($payload) . '"';
}
