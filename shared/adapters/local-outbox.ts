/**
 * Local stand-in for SNS email: each message goes to every local subscription whose filter matches
 * (the same `matches` the SNS filter policy is proven against) and is written as an .eml file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { matches } from '../domain/alerts/filter-policy';
import type { AlertMessage, Subscription } from '../domain/types';
import type { AlertPublisher, Subscriptions } from '../ports';

export interface Delivered {
  to: string;
  message: AlertMessage;
  file: string;
}

export class LocalOutbox implements AlertPublisher {
  readonly delivered: Delivered[] = [];
  private counter = 0;

  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly dir: string,
    private readonly onDeliver: (delivery: Delivered) => void = () => {},
  ) {}

  async publish(message: AlertMessage): Promise<void> {
    const subs: Subscription[] = await this.subscriptions.list();
    const recipients = subs.filter((s) => matches(s, message.attributes)).map((s) => s.email);
    if (recipients.length === 0) return;
    await mkdir(this.dir, { recursive: true });
    for (const to of [...new Set(recipients)]) {
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${String(++this.counter).padStart(4, '0')}-${to.replace(/[^a-z0-9]+/gi, '_')}.eml`;
      const file = join(this.dir, name);
      await writeFile(file, renderEmail(to, message), 'utf8');
      const delivery = { to, message, file };
      this.delivered.push(delivery);
      this.onDeliver(delivery);
    }
  }
}

export function renderEmail(to: string, message: AlertMessage): string {
  return [
    'From: newsalert <alerts@newsalert.local>',
    `To: ${to}`,
    `Subject: ${message.subject}`,
    'Content-Type: text/plain; charset=utf-8',
    `X-Newsalert-Topics: ${message.attributes.topics.join(', ')}`,
    `X-Newsalert-Countries: ${message.attributes.countries.join(', ')}`,
    `X-Newsalert-Score: ${message.attributes.score}`,
    `X-Newsalert-Kind: ${message.attributes.kind}`,
    '',
    message.body,
    '',
  ].join('\n');
}
