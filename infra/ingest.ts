/**
 * Fetching: a schedule wakes the schedule function, which queues one message per due feed;
 * the ingest function fetches, tags and stores each feed. One bad feed fails only its message.
 */
import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { FeedConfig } from '../shared/domain/types';
import { NewsalertFunction } from './house-function';
import { deadLetterQueue } from './queues';
import { scheduleRun } from './schedules';

export const INGEST_TIMEOUT = Duration.minutes(2);
/** SQS advice: visibility at least 6× the function timeout, so a retried batch is not handed out twice. */
export const FETCH_VISIBILITY_TIMEOUT = Duration.seconds(INGEST_TIMEOUT.toSeconds() * 6);
export const FETCH_MAX_RECEIVES = 3;

export interface IngestProps {
  table: Table;
  feeds: FeedConfig[];
  fetchEveryMinutes: number;
  scheduledRunsDlq: IQueue;
}

export class Ingest extends Construct {
  readonly scheduleFn: NewsalertFunction;
  readonly ingestFn: NewsalertFunction;
  readonly fetchQueue: Queue;
  readonly fetchDlq: Queue;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);

    this.fetchDlq = deadLetterQueue(this, 'FetchDlq', 'feed fetches that failed three times');
    this.fetchQueue = new Queue(this, 'FetchQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: FETCH_VISIBILITY_TIMEOUT,
      // A fetch request older than a day is superseded by the next schedule run.
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.fetchDlq, maxReceiveCount: FETCH_MAX_RECEIVES },
    });

    this.scheduleFn = new NewsalertFunction(this, 'Schedule', {
      handler: 'schedule',
      description: 'Queues one fetch message per feed that is due',
      timeout: Duration.seconds(60),
      environment: { FEEDS_CONFIG: JSON.stringify(props.feeds) },
    })
      .useTable(props.table, 'readWrite')
      .useSendQueue('FETCH_QUEUE_URL', this.fetchQueue);

    scheduleRun(this, 'FetchSchedule', {
      target: this.scheduleFn,
      schedule: ScheduleExpression.rate(Duration.minutes(props.fetchEveryMinutes)),
      description: `newsalert: queue due feeds every ${props.fetchEveryMinutes} minutes`,
      deadLetterQueue: props.scheduledRunsDlq,
      maxEventAge: Duration.minutes(Math.min(props.fetchEveryMinutes, 60)),
    });

    this.ingestFn = new NewsalertFunction(this, 'Ingest', {
      handler: 'ingest',
      description: 'Fetches, parses, tags and stores one feed per message',
      timeout: INGEST_TIMEOUT,
      memorySize: 1024,
      // Refusing private, loopback and metadata addresses is the default in AWS; only local runs relax it.
      environment: { ALLOW_PRIVATE_NETWORK: 'false' },
    }).useTable(props.table, 'readWrite');

    this.ingestFn.fn.addEventSource(
      new SqsEventSource(this.fetchQueue, {
        batchSize: 5,
        reportBatchItemFailures: true,
        // Bounds parallel fetching (and DynamoDB write bursts) however many feeds come due at once.
        maxConcurrency: 5,
      }),
    );
  }
}
