/**
 * One typed configuration per Lambda, read once at cold start. A missing variable fails the cold start
 * with its name, rather than a confusing error on first use.
 */
export class MissingEnvError extends Error {
  override name = 'MissingEnvError';
}

export function requireEnv<const K extends string>(
  names: readonly K[],
  env = process.env,
): Record<K, string> {
  const out = {} as Record<K, string>;
  const missing: string[] = [];
  for (const name of names) {
    const value = env[name];
    if (value === undefined || value === '') missing.push(name);
    else out[name] = value;
  }
  if (missing.length > 0) {
    throw new MissingEnvError(`missing environment variable(s): ${missing.join(', ')}; the stack sets them`);
  }
  return out;
}
