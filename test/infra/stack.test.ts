/**
 * What the deployed stack promises, checked on the synthesised template (bundling off: seconds,
 * not minutes). One synth with feeds and subscriptions, one without.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { parseDeployConfig } from '../../infra/config';
import { NewsalertStack } from '../../infra/newsalert-stack';
import { toFilterPolicy } from '../../shared/domain/alerts/filter-policy';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

function synth(raw: unknown): Template {
  const app = new App({ context: NO_BUNDLING });
  const stack = new NewsalertStack(app, 'Test', { config: parseDeployConfig(raw) });
  return Template.fromStack(stack);
}

const feeds = [
  { id: 'ca-desk', url: 'https://news.example.org/ca.xml', name: 'CA desk' },
  { id: 'cn-wire', url: 'https://wire.example.net/cn.xml' },
];
const subscriptions = [
  { email: 'Analyst@Example.org', topics: ['xinjiang', 'central-asia'], kind: 'instant' as const },
  {
    email: 'kz@example.org',
    topics: ['central-asia'],
    countries: ['kz', 'UZ'],
    minScore: 2.5,
    kind: 'instant' as const,
  },
  { email: 'editor@example.org', topics: ['xinjiang'], kind: 'digest' as const },
];
const template = synth({ feeds, subscriptions, digestHourUtc: 6, alarmEmail: 'ops@example.org' });

/** The logical id of the single function whose POWERTOOLS_SERVICE_NAME is `service`. */
function functionId(service: string): string {
  const found = template.findResources('AWS::Lambda::Function', {
    Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: service } } },
  });
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

/** Every IAM action granted to the role of the function with this service name. */
function actionsOf(service: string): string[] {
  const fn = template.findResources('AWS::Lambda::Function')[functionId(service)];
  const roleId = fn?.Properties.Role['Fn::GetAtt'][0];
  const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values(policies).flatMap((p) =>
    p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()),
  );
}

describe('history table', () => {
  it('keys articles by pk/sk with the gsi1 index, on demand, streaming new and old images', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('survives mistakes: point-in-time recovery, deletion protection, retained on stack delete', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});

describe('functions', () => {
  it.each([
    ['newsalert-schedule', ['TABLE_NAME', 'FETCH_QUEUE_URL', 'FEEDS_CONFIG']],
    ['newsalert-ingest', ['TABLE_NAME', 'ALLOW_PRIVATE_NETWORK']],
    ['newsalert-alert', ['TABLE_NAME', 'ALERT_TOPIC_ARN']],
    ['newsalert-digest', ['TABLE_NAME', 'ALERT_TOPIC_ARN']],
    ['newsalert-api', ['TABLE_NAME', 'ALERT_TOPIC_ARN']],
  ])('%s runs Node.js 22 on arm64 with its environment %j', (service, names) => {
    const variables = Object.fromEntries(names.map((name) => [name, Match.anyValue()]));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      LoggingConfig: { LogGroup: Match.anyValue() },
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: service, LOG_LEVEL: 'INFO', ...variables } },
    });
  });

  it('hands the configured feeds to the schedule function as JSON', () => {
    const fn = template.findResources('AWS::Lambda::Function')[functionId('newsalert-schedule')];
    expect(JSON.parse(fn?.Properties.Environment.Variables.FEEDS_CONFIG)).toEqual(feeds);
  });

  it('keeps private-network fetching off for ingest in AWS', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: { POWERTOOLS_SERVICE_NAME: 'newsalert-ingest', ALLOW_PRIVATE_NETWORK: 'false' },
      },
    });
  });

  it('keeps every function log group for a bounded time', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThanOrEqual(5);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it.each([
    ['newsalert-digest', ['sns:Publish', 'dynamodb:Query'], ['dynamodb:PutItem', 'dynamodb:DeleteItem']],
    [
      'newsalert-api',
      ['dynamodb:Query', 'sns:ListSubscriptionsByTopic'],
      ['dynamodb:PutItem', 'sns:Publish', 'sqs:SendMessage'],
    ],
    ['newsalert-ingest', ['dynamodb:PutItem', 'sqs:ReceiveMessage'], ['sns:Publish']],
    ['newsalert-schedule', ['sqs:SendMessage'], ['sns:Publish']],
    ['newsalert-alert', ['sns:Publish', 'dynamodb:UpdateItem'], ['sqs:ReceiveMessage']],
  ])('%s may do %j and may not do %j', (service, allowed, denied) => {
    const actions = actionsOf(service);
    expect(actions).toEqual(expect.arrayContaining(allowed));
    for (const action of denied) expect(actions).not.toContain(action);
  });

  it('attaches no AWS managed policies to function roles', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('fetching', () => {
  it('retries a feed three times before its message goes to an encrypted dead-letter queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 720,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 3 },
    });
  });

  it('refuses plain-HTTP access to every queue', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(Object.keys(queues).length);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('feeds ingest five messages at a time with partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId('newsalert-ingest') },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it.each([
    ['queues due feeds', 'newsalert-schedule', 'rate(15 minutes)'],
    ['sweeps unalerted articles', 'newsalert-alert', 'rate(15 minutes)'],
    ['sends the digest at the configured hour', 'newsalert-digest', 'cron(0 6 * * ? *)'],
  ])('a schedule %s (%s, %s) with retries and a dead-letter queue', (_what, service, expression) => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: expression,
      Target: {
        Arn: { 'Fn::GetAtt': [functionId(service), 'Arn'] },
        DeadLetterConfig: { Arn: Match.anyValue() },
        RetryPolicy: { MaximumRetryAttempts: 2 },
      },
    });
  });

  it('sends failed scheduled runs to a dead-letter queue', () => {
    template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 3);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });
});

describe('alerts', () => {
  it('wakes the alert function only for newly inserted articles, with retries and a failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId('newsalert-alert') },
      EventSourceArn: Match.anyValue(),
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { Keys: { pk: { S: [{ prefix: 'ARTICLE#' }] } } },
            }),
          },
        ],
      },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('encrypts both topics with a rotating customer-managed key and refuses plain HTTP', () => {
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.allResourcesProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('aws:SecureTransport');
    }
  });

  it.each(subscriptions)(
    'subscribes $email with the filter policy the local runner evaluates',
    (subscription) => {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: subscription.email.toLowerCase(),
        FilterPolicy: toFilterPolicy(subscription),
      });
    },
  );

  it('delivers only strong matches to a minScore subscriber (numeric filter on score)', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Endpoint: 'kz@example.org',
      FilterPolicy: Match.objectLike({ score: [{ numeric: ['>=', 2.5] }], countries: ['KZ', 'UZ'] }),
    });
  });

  it('creates no alert subscriptions when the deploy config has none', () => {
    const empty = synth({});
    expect(
      Object.values(empty.findResources('AWS::SNS::Subscription')).filter(
        (s) => s.Properties.Endpoint !== undefined,
      ),
    ).toHaveLength(0);
    empty.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'newsalert-schedule', FEEDS_CONFIG: '[]' } },
    });
    empty.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 7 * * ? *)' });
  });
});

describe('api', () => {
  it.each(['/articles', '/articles/{id}', '/topics', '/feeds', '/stats', '/subscriptions'])(
    'GET %s requires IAM (SigV4) authorisation',
    (path) => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `GET ${path}`,
        AuthorizationType: 'AWS_IAM',
      });
    },
  );

  it('has no route without authorisation', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 6);
    template.allResourcesProperties('AWS::ApiGatewayV2::Route', { AuthorizationType: 'AWS_IAM' });
  });

  it('logs every request and throttles the stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });
});

describe('monitoring', () => {
  it('alarms as soon as any of the three dead-letter queues holds a message', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: Match.anyValue() }],
      },
    });
    expect(Object.keys(alarms)).toHaveLength(3);
  });

  it.each([
    ['Errors', 5],
    ['Throttles', 1],
    ['IteratorAge', 1],
    ['5xx', 1],
  ])('has %s alarms (%i)', (metric, count) => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metric } });
    expect(Object.keys(alarms)).toHaveLength(count);
  });

  it.each(['FeedsFailing', 'FeedsSilent'])(
    'alarms on the %s feed-health metric the schedule function publishes',
    (name) => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'newsalert',
        MetricName: name,
        Dimensions: [{ Name: 'service', Value: 'newsalert' }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    },
  );

  it('emails alarms to the configured operator address', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.org',
    });
  });

  it('has a dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it.each(['TableName', 'AlertTopicArn', 'ApiUrl', 'FetchQueueUrl'])('outputs %s', (name) => {
    template.hasOutput(name, { Value: Match.anyValue() });
  });
});
