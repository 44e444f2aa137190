/** The read-only HTTP API over the history: every route needs SigV4-signed (IAM) requests. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, type HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Alerts } from './alerts';
import { NewsalertFunction } from './house-function';

/** The routes the api function serves, all GET. */
export const API_ROUTES = [
  '/articles',
  '/articles/{id}',
  '/topics',
  '/feeds',
  '/stats',
  '/subscriptions',
] as const;

export interface ApiProps {
  table: Table;
  alerts: Alerts;
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly apiFn: NewsalertFunction;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.apiFn = new NewsalertFunction(this, 'Api', {
      handler: 'api',
      description: 'Answers history, topic, feed, stats and subscription queries',
      // API Gateway gives up after 30 s; answer or fail well before that.
      timeout: Duration.seconds(20),
      memorySize: 512,
    }).useTable(props.table, 'read');
    const apiFn = this.apiFn;
    apiFn.useResource('ALERT_TOPIC_ARN', props.alerts.topic.topicArn, () =>
      props.alerts.grantListSubscriptions(apiFn),
    );

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'newsalert history API (IAM auth)',
      defaultAuthorizer: new HttpIamAuthorizer(),
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(this.accessLogs) },
      // A low ceiling: the API serves a few analysts, and a leaked credential should not run up a bill.
      throttle: { rateLimit: 20, burstLimit: 40 },
    });

    const integration = new HttpLambdaIntegration('ApiIntegration', this.apiFn.fn);
    for (const path of API_ROUTES) {
      this.httpApi.addRoutes({ path, methods: [HttpMethod.GET], integration });
    }
  }

  /** The invoke URL (ends with a slash). */
  get url(): string {
    return this.stage.url;
  }
}
