import type { AlertMessage } from '../domain/types';
import type { AlertPublisher } from '../ports';

/**
 * Every alert may reach every email subscriber, so publishing is paced: never more than
 * `perSecond` messages a second leave this process (SNS email endpoints and inboxes both suffer floods).
 */
export class ThrottledPublisher implements AlertPublisher {
  private nextSlot = 0;

  constructor(
    private readonly inner: AlertPublisher,
    private readonly perSecond = 3,
    private readonly sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    private readonly now = () => Date.now(),
  ) {}

  async publish(message: AlertMessage): Promise<void> {
    // Whole milliseconds, rounded up: a fraction could let one message too many into a second.
    const gap = Math.ceil(1000 / this.perSecond);
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + gap;
    if (slot > now) await this.sleep(slot - now);
    await this.inner.publish(message);
  }
}
