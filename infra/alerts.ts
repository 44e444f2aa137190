/**
 * Alerting: new articles arrive on the table stream, the alert function publishes each once to the
 * alerts topic, and SNS filter policies (rendered from the same Subscription objects the local
 * runner evaluates) decide who receives what. A daily digest goes through the same topic.
 */
import { createHash } from 'node:crypto';
import { Duration, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import {
  Subscription as SnsSubscription,
  SubscriptionFilter,
  SubscriptionProtocol,
  Topic,
} from 'aws-cdk-lib/aws-sns';
import type { IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { toFilterPolicy } from '../shared/domain/alerts/filter-policy';
import type { Subscription } from '../shared/domain/types';
import { NewsalertFunction } from './house-function';
import { deadLetterQueue } from './queues';
import { scheduleRun } from './schedules';

/** Article items have keys `ARTICLE#<id>`; other writes (feeds, markers) must not wake the alert function. */
export const ARTICLE_KEY_PREFIX = 'ARTICLE#';

export interface AlertsProps {
  table: Table;
  key: IKey;
  subscriptions: Subscription[];
  digestHourUtc: number;
  scheduledRunsDlq: IQueue;
}

/** Renders a subscription's filter policy into the L2 shape (raw conditions pass through unchanged). */
export function toSubscriptionFilters(subscription: Subscription): Record<string, SubscriptionFilter> {
  return Object.fromEntries(
    Object.entries(toFilterPolicy(subscription)).map(([key, conditions]) => [
      key,
      new SubscriptionFilter(conditions),
    ]),
  );
}

/** A construct id that stays the same while the address does, whatever the order in the config. */
export function subscriptionId(email: string): string {
  return `Subscription${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 12)}`;
}

export class Alerts extends Construct {
  readonly topic: Topic;
  readonly alertFn: NewsalertFunction;
  readonly digestFn: NewsalertFunction;
  readonly streamDlq: Queue;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);

    this.topic = new Topic(this, 'AlertsTopic', {
      displayName: 'newsalert',
      masterKey: props.key,
      enforceSSL: true,
    });
    for (const subscription of props.subscriptions) {
      new SnsSubscription(this, subscriptionId(subscription.email), {
        topic: this.topic,
        protocol: SubscriptionProtocol.EMAIL,
        endpoint: subscription.email,
        filterPolicy: toSubscriptionFilters(subscription),
      });
    }

    this.streamDlq = deadLetterQueue(
      this,
      'StreamDlq',
      'stream batches the alert function could not process',
    );
    this.alertFn = new NewsalertFunction(this, 'Alert', {
      handler: 'alert',
      description: 'Publishes each new article once to the alerts topic; sweeps unalerted ones on a schedule',
      timeout: Duration.seconds(60),
    })
      .useTable(props.table, 'readWrite')
      .usePublishTopic('ALERT_TOPIC_ARN', this.topic);

    this.alertFn.fn.addEventSource(
      new DynamoEventSource(props.table, {
        // TRIM_HORIZON: articles stored before the mapping existed are still alerted.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { pk: { S: FilterRule.beginsWith(ARTICLE_KEY_PREFIX) } } },
          }),
        ],
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 3,
        maxRecordAge: Duration.hours(1),
        // Records that still fail land here; the sweep also re-sends anything stored but unalerted.
        onFailure: new SqsDlq(this.streamDlq),
      }),
    );
    Validations.of(this.alertFn.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams has no resource-level permissions; the event source mapping needs it to find the stream.',
    });

    scheduleRun(this, 'SweepSchedule', {
      target: this.alertFn,
      schedule: ScheduleExpression.rate(Duration.minutes(15)),
      description: 'newsalert: alert articles that were stored but not yet published',
      deadLetterQueue: props.scheduledRunsDlq,
      maxEventAge: Duration.minutes(15),
    });

    this.digestFn = new NewsalertFunction(this, 'Digest', {
      handler: 'digest',
      description: 'Publishes the daily digest (kind=digest) to the alerts topic',
      timeout: Duration.minutes(5),
      memorySize: 512,
    })
      .useTable(props.table, 'read')
      .usePublishTopic('ALERT_TOPIC_ARN', this.topic);

    scheduleRun(this, 'DigestSchedule', {
      target: this.digestFn,
      schedule: ScheduleExpression.cron({ minute: '0', hour: String(props.digestHourUtc) }),
      description: `newsalert: daily digest at ${String(props.digestHourUtc).padStart(2, '0')}:00 UTC`,
      deadLetterQueue: props.scheduledRunsDlq,
      maxEventAge: Duration.hours(2),
    });
  }

  /** Lets the API list who is subscribed to the alerts topic (GET /subscriptions). */
  grantListSubscriptions(fn: NewsalertFunction): void {
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sns:ListSubscriptionsByTopic'], resources: [this.topic.topicArn] }),
    );
  }
}
