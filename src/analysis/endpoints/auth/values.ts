/** Credential value shapes, shared by header, parameter and cookie checks. */

/** A compact JWS/JWT: `eyJ` (base64url of `{"`) and exactly three dot-separated parts; the last may be empty (alg none). */
export function isJwt(v: string): boolean {
  if (!v.startsWith('eyJ')) return false;
  const d1 = v.indexOf('.', 3);
  if (d1 < 0) return false;
  const d2 = v.indexOf('.', d1 + 1);
  return d2 > d1 + 1 && v.indexOf('.', d2 + 1) < 0 && v.indexOf(' ') < 0;
}

/** Front-end bugs send `Bearer null`; such values carry no credential. */
export function isPlaceholder(v: string): boolean {
  return v === '' || v === 'null' || v === 'undefined' || v === '(null)' || v === '-' || v === 'none';
}
