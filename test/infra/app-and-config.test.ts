/**
 * The CDK app as an operator runs it: the deploy config is validated with messages that say what
 * to fix, and the whole app passes the cdk-nag AwsSolutions checks with every finding either fixed
 * or acknowledged (with a reason) beside its resource.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';
import { DeployConfigError, loadDeployConfig, parseDeployConfig } from '../../infra/config';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLE = join(REPO_ROOT, 'newsalert.deploy.example.json');
const scratch = mkdtempSync(join(tmpdir(), 'newsalert-infra-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/** Synthesises and returns the unacknowledged findings as "rule at path" lines (empty when clean). */
function findings(app: App, outdir: string): string[] {
  try {
    app.synth();
  } catch (error) {
    if ((error as Error).name !== 'ValidationFailed') throw error;
  }
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the app built from the example deploy config', () => {
    const outdir = join(scratch, 'app');
    // The feature flags from cdk.json, as `cdk synth` passes them, so the policies checked are the deployed ones.
    const { context } = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: object };
    const app = new App({
      outdir,
      context: { ...context, 'aws:cdk:bundling-stacks': [], 'newsalert:config': EXAMPLE },
    });
    const { stack } = buildApp(app);
    expect(stack.stackName).toBe('Newsalert');
    expect(findings(app, outdir)).toEqual([]);
  });

  it('does report a finding when one is there (the check is really on)', () => {
    const outdir = join(scratch, 'probe');
    const app = new App({ outdir });
    new Queue(new Stack(app, 'Probe'), 'PlainQueue');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(findings(app, outdir)).toContain('AwsSolutions-SQS4 at Probe/PlainQueue/Resource');
  });
});

describe('deploy config', () => {
  it('reads the example file: feeds, normalised subscriptions, schedule and digest hour', () => {
    const config = loadDeployConfig(EXAMPLE);
    expect(config.feeds.map((f) => f.id)).toEqual(['example-central-asia', 'example-china']);
    expect(config.subscriptions).toContainEqual({
      email: 'kz-desk@example.org',
      topics: ['central-asia'],
      countries: ['KZ', 'UZ'],
      minScore: 2.5,
      kind: 'instant',
    });
    expect(config.fetchEveryMinutes).toBe(15);
    expect(config.digestHourUtc).toBe(7);
  });

  it('defaults to no subscriptions, no feeds, every 15 minutes, digest at 07:00 UTC', () => {
    expect(loadDeployConfig(undefined, scratch)).toEqual({
      subscriptions: [],
      feeds: [],
      fetchEveryMinutes: 15,
      digestHourUtc: 7,
    });
  });

  it.each([
    ['1 hour', 60],
    ['30m', 30],
    ['5 minutes', 5],
  ])('understands fetchEvery "%s" as %i minutes', (fetchEvery, minutes) => {
    expect(parseDeployConfig({ fetchEvery }).fetchEveryMinutes).toBe(minutes);
  });

  const sub = { email: 'a@example.org', topics: ['xinjiang'], kind: 'instant' };
  it.each([
    ['a bad email', { subscriptions: [{ ...sub, email: 'not-an-email' }] }, /not an email address/],
    ['an unknown kind', { subscriptions: [{ ...sub, kind: 'weekly' }] }, /subscriptions\[0\]\.kind/],
    ['no topics', { subscriptions: [{ ...sub, topics: [] }] }, /at least one topic/],
    ['a bad country code', { subscriptions: [{ ...sub, countries: ['Kazakhstan'] }] }, /ISO 3166-1/],
    [
      'the same address twice',
      { subscriptions: [sub, { ...sub, email: 'A@example.org', kind: 'digest' }] },
      /already subscribed at subscriptions\[0\]/,
    ],
    ['a typo in a key', { subscription: [sub] }, /subscription/],
    ['a non-http feed', { feeds: [{ id: 'f', url: 'file:///etc/passwd' }] }, /only http and https/],
    [
      'a duplicate feed id',
      {
        feeds: [
          { id: 'f', url: 'https://a.example/x' },
          { id: 'f', url: 'https://b.example/y' },
        ],
      },
      /duplicate feed id "f"/,
    ],
    ['fetching too often', { fetchEvery: '1 minute' }, /between 5 minutes and 24 hours/],
    ['an unreadable interval', { fetchEvery: 'hourly' }, /"15 minutes" or "1 hour"/],
    ['an hour past 23', { digestHourUtc: 24 }, /digestHourUtc/],
  ])('rejects %s with a message that says what to fix', (_case, raw, message) => {
    expect(() => parseDeployConfig(raw, 'test.json')).toThrow(DeployConfigError);
    expect(() => parseDeployConfig(raw, 'test.json')).toThrow(message);
  });

  it('rejects a feed list too large for the Lambda environment', () => {
    const feeds = Array.from({ length: 60 }, (_, i) => ({
      id: `feed-${i}`,
      url: `https://news-${i}.example.org/some/long/path/to/the/feed.xml`,
      name: `A fairly long feed name number ${i}`,
    }));
    expect(() => parseDeployConfig({ feeds })).toThrow(/environment variable/);
  });

  it('names the file when it is not JSON, and refuses a missing file given explicitly', () => {
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, '{ "feeds": [ ');
    expect(() => loadDeployConfig(broken)).toThrow(/broken\.json is not readable JSON/);
    expect(() => loadDeployConfig(join(scratch, 'missing.json'))).toThrow(/does not exist/);
  });
});
