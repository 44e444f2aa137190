/**
 * The local runner's configuration, validated once at start with errors that name the file and field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../project-root';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const feedSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,79}$/i, 'a feed id is letters, digits, dots, dashes or underscores'),
  url: z.string().url(),
  name: z.string().max(200).optional(),
  enabled: z.boolean().optional(),
});

const configSchema = z.object({
  dataDir: z.string().optional(),
  allowPrivateNetwork: z.boolean().optional(),
  every: z
    .string()
    .regex(/^\d+[smhd]$/, 'every is a duration such as 15m or 1h')
    .optional(),
  feeds: z.array(feedSchema).default([]),
  subscriptions: z
    .array(
      z.object({
        email: z.string(),
        topics: z.array(z.string()).min(1),
        countries: z.array(z.string()).optional(),
        minScore: z.number().optional(),
        kind: z.enum(['instant', 'digest']).default('instant'),
      }),
    )
    .optional(),
});

export type NewsalertConfig = z.infer<typeof configSchema> & { file: string; dataDir: string };

export const STARTER_CONFIG = join(PROJECT_ROOT, 'shared', 'config', 'starter.config.json');

/** `--config FILE`, else ./newsalert.config.json, else the starter config shipped with newsalert. */
export function resolveConfigFile(explicit?: string, cwd = process.cwd()): string {
  if (explicit) return resolve(cwd, explicit);
  const local = join(cwd, 'newsalert.config.json');
  return existsSync(local) ? local : STARTER_CONFIG;
}

export function loadConfig(explicit?: string, cwd = process.cwd()): NewsalertConfig {
  const file = resolveConfigFile(explicit, cwd);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read config ${file}: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`config ${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const ids = new Set<string>();
  for (const feed of parsed.data.feeds) {
    if (ids.has(feed.id)) throw new ConfigError(`config ${file}: feed id "${feed.id}" appears twice`);
    ids.add(feed.id);
  }
  const dataDir = process.env.NEWSALERT_DATA_DIR ?? parsed.data.dataDir ?? '.newsalert';
  return { ...parsed.data, file, dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir) };
}

/** "15m" → milliseconds. */
export function durationMs(value: string): number {
  const match = /^(\d+)([smhd])$/.exec(value);
  if (!match) throw new ConfigError(`"${value}" is not a duration such as 30s, 15m, 1h`);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}
