/** The whole newsalert deployment: storage, ingest, alerts, API and monitoring, wired together. */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { Alerts } from './alerts';
import { Api } from './api';
import type { DeployConfig } from './config';
import { Ingest } from './ingest';
import { Monitoring } from './monitoring';
import { deadLetterQueue } from './queues';
import { Storage } from './storage';

export interface NewsalertStackProps extends StackProps {
  config: DeployConfig;
}

export class NewsalertStack extends Stack {
  readonly storage: Storage;
  readonly ingest: Ingest;
  readonly alerts: Alerts;
  readonly api: Api;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: NewsalertStackProps) {
    super(scope, id, props);
    const { config } = props;

    // One customer-managed key for both topics: CloudWatch alarms cannot publish to a topic
    // encrypted with the AWS-managed SNS key, and one key costs less than two.
    const messagesKey = new Key(this, 'MessagesKey', {
      description: 'Encrypts the newsalert alert and alarm topics',
      enableKeyRotation: true,
      // The key protects messages in flight only (topics hold no data), so it goes with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    const scheduledRunsDlq = deadLetterQueue(this, 'ScheduledRunsDlq', 'scheduled runs that failed');

    this.storage = new Storage(this, 'Storage');
    const { table } = this.storage;
    this.ingest = new Ingest(this, 'Ingest', {
      table,
      feeds: config.feeds,
      fetchEveryMinutes: config.fetchEveryMinutes,
      scheduledRunsDlq,
    });
    this.alerts = new Alerts(this, 'Alerts', {
      table,
      key: messagesKey,
      subscriptions: config.subscriptions,
      digestHourUtc: config.digestHourUtc,
      scheduledRunsDlq,
    });
    this.api = new Api(this, 'Api', { table, alerts: this.alerts });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      key: messagesKey,
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
      functions: [
        this.ingest.scheduleFn,
        this.ingest.ingestFn,
        this.alerts.alertFn,
        this.alerts.digestFn,
        this.api.apiFn,
      ],
      deadLetterQueues: {
        Fetch: this.ingest.fetchDlq,
        Stream: this.alerts.streamDlq,
        ScheduledRuns: scheduledRunsDlq,
      },
      ingestFn: this.ingest.ingestFn,
      alertFn: this.alerts.alertFn,
      apiStage: this.api.stage,
    });

    new CfnOutput(this, 'TableName', { value: table.tableName, description: 'DynamoDB history table' });
    new CfnOutput(this, 'AlertTopicArn', {
      value: this.alerts.topic.topicArn,
      description: 'SNS alerts topic',
    });
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'HTTP API (SigV4/IAM auth)' });
    new CfnOutput(this, 'FetchQueueUrl', {
      value: this.ingest.fetchQueue.queueUrl,
      description: 'SQS fetch queue',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.alarmTopic.topicArn,
      description: 'SNS topic for operational alarms',
    });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
  }
}
