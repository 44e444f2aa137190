/**
 * Deploy-time configuration: which feeds to watch, who gets alerts, how often to fetch.
 * Read once by the CDK app from a JSON file and validated here, so a typo fails `cdk synth`
 * with a message that names the field instead of failing a CloudFormation deploy later.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { normaliseSubscription, SubscriptionError } from '../shared/domain/alerts/filter-policy';
import type { FeedConfig, Subscription } from '../shared/domain/types';

/** The file used when no `newsalert:config` context is given and the file exists. */
export const DEFAULT_CONFIG_FILE = 'newsalert.deploy.json';

/**
 * Lambda allows 4 KB of environment variables per function in total; the feed list travels as
 * FEEDS_CONFIG, so it gets most of that and the rest stays for the other variables.
 */
export const MAX_FEEDS_CONFIG_BYTES = 3000;

export class DeployConfigError extends Error {
  override name = 'DeployConfigError';
}

export interface DeployConfig {
  subscriptions: Subscription[];
  feeds: FeedConfig[];
  /** How often the schedule function looks for due feeds, in minutes. */
  fetchEveryMinutes: number;
  /** Hour of the day (UTC) the daily digest goes out. */
  digestHourUtc: number;
  /** Optional address that receives operational alarms (DLQ messages, function errors). */
  alarmEmail?: string;
}

const FETCH_EVERY = /^(\d+)\s*(m|min|mins|minute|minutes|h|hour|hours)$/i;

const subscriptionSchema = z
  .object({
    email: z.string(),
    topics: z.array(z.string()).min(1, 'a subscription needs at least one topic'),
    countries: z.array(z.string()).optional(),
    minScore: z.number().optional(),
    kind: z.enum(['instant', 'digest']),
  })
  .strict()
  .transform((sub, ctx) => {
    try {
      return normaliseSubscription(sub);
    } catch (error) {
      if (!(error instanceof SubscriptionError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
      return z.NEVER;
    }
  });

const feedSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, ".", "_" or "-" (max 64)'),
    url: z
      .string()
      .url()
      .refine(
        (value) => /^https?:$/.test(new URL(value).protocol),
        'only http and https feeds can be fetched',
      ),
    name: z.string().min(1).max(200).optional(),
  })
  .strict();

const configSchema = z
  .object({
    $schema: z.string().optional(),
    subscriptions: z.array(subscriptionSchema).default([]),
    feeds: z.array(feedSchema).default([]),
    fetchEvery: z
      .string()
      .regex(FETCH_EVERY, 'write it as "15 minutes" or "1 hour"')
      .default('15 minutes')
      .transform((value, ctx) => {
        const [, amount = '0', unit = 'm'] = FETCH_EVERY.exec(value) ?? [];
        const minutes = Number(amount) * (unit.toLowerCase().startsWith('h') ? 60 : 1);
        if (minutes < 5 || minutes > 24 * 60) {
          ctx.addIssue({ code: 'custom', message: 'must be between 5 minutes and 24 hours' });
          return z.NEVER;
        }
        return minutes;
      }),
    digestHourUtc: z.number().int().min(0).max(23).default(7),
    alarmEmail: z.string().email().optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    // SNS keeps one subscription per (topic, protocol, endpoint): a second filter policy for the
    // same address would make the deploy fail, so say so here.
    const seen = new Map<string, number>();
    config.subscriptions.forEach((sub, index) => {
      const first = seen.get(sub.email);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['subscriptions', index, 'email'],
          message: `${sub.email} is already subscribed at subscriptions[${first}]; SNS allows one subscription per address, so merge them`,
        });
      } else seen.set(sub.email, index);
    });
    const ids = new Set<string>();
    config.feeds.forEach((feed, index) => {
      if (ids.has(feed.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['feeds', index, 'id'],
          message: `duplicate feed id "${feed.id}"`,
        });
      }
      ids.add(feed.id);
    });
    const bytes = Buffer.byteLength(JSON.stringify(config.feeds));
    if (bytes > MAX_FEEDS_CONFIG_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['feeds'],
        message: `the feed list is ${bytes} bytes of JSON; it travels in a Lambda environment variable, which allows about ${MAX_FEEDS_CONFIG_BYTES}: shorten names or split the list`,
      });
    }
  });

/** Validates parsed JSON; `source` names the file in error messages. */
export function parseDeployConfig(raw: unknown, source = 'deploy config'): DeployConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new DeployConfigError(`${source} is not valid:\n${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  }
  const { subscriptions, feeds, fetchEvery, digestHourUtc, alarmEmail } = result.data;
  return {
    subscriptions,
    feeds,
    fetchEveryMinutes: fetchEvery,
    digestHourUtc,
    ...(alarmEmail ? { alarmEmail } : {}),
  };
}

/**
 * Reads the deploy config named by the `newsalert:config` context value (relative to `cwd`).
 * Without it, `newsalert.deploy.json` is used when present, else an empty config (no
 * subscriptions, no feeds): the stack still deploys and feeds can be added as data later.
 */
export function loadDeployConfig(contextPath: unknown, cwd = process.cwd()): DeployConfig {
  if (contextPath !== undefined && typeof contextPath !== 'string') {
    throw new DeployConfigError('context newsalert:config must be a file path');
  }
  const explicit = contextPath !== undefined && contextPath !== '';
  const path = resolve(cwd, explicit ? contextPath : DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (explicit)
      throw new DeployConfigError(`deploy config ${path} (context newsalert:config) does not exist`);
    return parseDeployConfig({});
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DeployConfigError(`deploy config ${path} is not readable JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseDeployConfig(raw, path);
}
