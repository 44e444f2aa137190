/** Health: an alarm on every dead-letter queue, function errors, ingest throttles and stream lag, plus a dashboard. */
import { Duration } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Subscription, SubscriptionProtocol, Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { NewsalertFunction } from './house-function';

export interface MonitoringProps {
  key: IKey;
  alarmEmail?: string;
  functions: NewsalertFunction[];
  /** Dead-letter queues by a short name used in alarm names and descriptions. */
  deadLetterQueues: Record<string, IQueue>;
  ingestFn: NewsalertFunction;
  alertFn: NewsalertFunction;
  apiStage: HttpStage;
}

export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'newsalert alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    // CloudWatch publishes alarm notifications itself, so it must be able to use the topic's key.
    props.key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    if (props.alarmEmail) {
      new Subscription(this, 'AlarmEmail', {
        topic: this.alarmTopic,
        protocol: SubscriptionProtocol.EMAIL,
        endpoint: props.alarmEmail,
      });
    }

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${name}DlqNotEmpty`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
        description: `Messages are waiting in the ${name} dead-letter queue: inspect them, fix the cause, then redrive.`,
      });
    }
    for (const target of props.functions) {
      this.alarm(`${target.node.id}Errors`, {
        metric: target.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        description: `The ${target.serviceName} function failed; see its log group.`,
      });
    }
    this.alarm('IngestThrottles', {
      metric: props.ingestFn.fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      description: 'Ingest invocations were throttled: the account concurrency limit is reached.',
    });
    this.alarm('AlertStreamLag', {
      metric: props.alertFn.fn.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: Duration.minutes(15).toMilliseconds(),
      description: 'The alert function is more than 15 minutes behind the table stream.',
    });
    // Feed health, published by the schedule function each tick (see functions/schedule/handler.ts).
    const feedMetric = (metricName: string) =>
      new Metric({
        namespace: 'newsalert',
        metricName,
        dimensionsMap: { service: 'newsalert' },
        period: Duration.hours(1),
        statistic: 'Minimum',
      });
    this.alarm('FeedsFailing', {
      metric: feedMetric('FeedsFailing'),
      threshold: 0,
      description:
        'A feed has failed three or more times in a row for an hour: run `newsalert feeds` or GET /feeds to see its last error.',
    });
    this.alarm('FeedsSilent', {
      metric: feedMetric('FeedsSilent'),
      threshold: 0,
      description:
        'A feed has published nothing for much longer than usual: it may have moved or died; check it with `newsalert feed inspect`.',
    });
    this.alarm('Api5xx', {
      metric: props.apiStage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      description: 'The history API answered with server errors.',
    });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
      widgets: [
        [new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
        [
          new GraphWidget({
            title: 'Invocations',
            left: props.functions.map((f) => f.fn.metricInvocations({ label: f.node.id })),
            width: 12,
          }),
          new GraphWidget({
            title: 'Errors',
            left: props.functions.map((f) => f.fn.metricErrors({ label: f.node.id })),
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Dead-letter queues (messages visible)',
            left: Object.entries(props.deadLetterQueues).map(([name, q]) =>
              q.metricApproximateNumberOfMessagesVisible({ label: name }),
            ),
            width: 12,
          }),
          new GraphWidget({
            title: 'Feeds failing and silent',
            left: [feedMetric('FeedsFailing'), feedMetric('FeedsSilent')],
            width: 12,
          }),
          new GraphWidget({
            title: 'Ingest duration (p95) and alert stream lag',
            left: [props.ingestFn.fn.metricDuration({ statistic: 'p95', label: 'ingest p95 ms' })],
            right: [props.alertFn.fn.metric('IteratorAge', { statistic: 'Maximum', label: 'alert lag ms' })],
            width: 12,
          }),
        ],
      ],
    });
  }

  private alarm(id: string, props: { metric: IMetric; threshold: number; description: string }): Alarm {
    const alarm = new Alarm(this, id, {
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No data means nothing failed (and an idle queue reports nothing at all).
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: props.description,
    });
    alarm.addAlarmAction(new SnsAction(this.alarmTopic));
    alarm.addOkAction(new SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
    return alarm;
  }
}
