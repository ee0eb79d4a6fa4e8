/**
 * @module Judging a secret without keeping it: only its length, character classes and whether it is
 * a known default or weak value leave this file. The value itself never enters an observation.
 */

/** Well-known defaults and placeholders seen in tutorials, frameworks and leaked configs. */
export const WEAK_SECRETS: readonly string[] = [
  "secret",
  "secretkey",
  "secret_key",
  "mysecret",
  "supersecret",
  "changeme",
  "change_me",
  "changeit",
  "password",
  "passw0rd",
  "admin",
  "default",
  "test",
  "testing",
  "example",
  "jwt_secret",
  "jwtsecret",
  "your-256-bit-secret",
  "your_jwt_secret",
  "your-secret-key",
  "my-secret-key",
  "shhhhh",
  "keyboard cat",
  "123456",
  "12345678",
  "qwerty",
  "letmein",
  "development",
  "dev",
  "s3cr3t",
  "topsecret",
  "insecure",
];

/** A value that points at a secret store instead of holding the secret (`${VAR}`, `vault:…`, `env:…`). */
export function isReference(value: string): boolean {
  return /^\$\{[^}]+\}$|^\$[A-Z_][A-Z0-9_]*$|^(vault|env|file|secret|arn|projects\/[^/]+\/secrets|awssm|gcpsm|azkv):/i.test(
    value.trim(),
  );
}

export interface SecretAssessment {
  readonly length: number;
  readonly classes: number;
  readonly weak: boolean;
  readonly reference: boolean;
}

export function assessSecret(value: string): SecretAssessment {
  const v = value.trim();
  const lower = v.toLowerCase();
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
  const weak =
    WEAK_SECRETS.includes(lower) || /^(.)\1+$/.test(v) || WEAK_SECRETS.some((w) => w.length >= 6 && lower.includes(w));
  return { length: v.length, classes, weak, reference: isReference(v) };
}
