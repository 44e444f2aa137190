/**
 * The one way newsalert builds a Lambda function, so every handler gets the same runtime,
 * architecture, bundling, logging and least-privilege role, and so wiring a resource is one
 * call that sets its environment variable and grants access together.
 */
import { fileURLToPath } from 'node:url';
import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import {
  type IGrantable,
  type IPrincipal,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The handlers under functions/, each a `handler.ts` exporting `handler`. */
export type HandlerName = 'schedule' | 'ingest' | 'alert' | 'digest' | 'api';

export interface NewsalertFunctionProps {
  handler: HandlerName;
  description: string;
  /** @default 30 seconds */
  timeout?: Duration;
  /** @default 256 */
  memorySize?: number;
  environment?: Record<string, string>;
  /** @default 'INFO' */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** @default one month */
  logRetention?: RetentionDays;
}

/**
 * ESM bundles cannot `require` CommonJS dependencies unless `require` exists; this banner gives them
 * one (the alternative error is "Dynamic require of X is not supported" at cold start).
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __newsalertCreateRequire } from 'node:module'; const require = __newsalertCreateRequire(import.meta.url);";

export class NewsalertFunction extends Construct implements IGrantable {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly serviceName: string;
  readonly grantPrincipal: IPrincipal;

  constructor(scope: Construct, id: string, props: NewsalertFunctionProps) {
    super(scope, id);
    this.serviceName = `newsalert-${props.handler}`;
    // Our own log group (not the deprecated logRetention custom resource) so retention and removal
    // are plain CloudFormation, and our own role so no broad AWS managed policy is attached.
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the newsalert ${props.handler} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.grantPrincipal = this.role;

    this.fn = new NodejsFunction(this, 'Function', {
      entry: fileURLToPath(new URL(`../functions/${props.handler}/handler.ts`, import.meta.url)),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: fileURLToPath(new URL('../package-lock.json', import.meta.url)),
      environment: {
        POWERTOOLS_SERVICE_NAME: this.serviceName,
        LOG_LEVEL: props.logLevel ?? 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        platform: 'node',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        // Bundle the pinned @aws-sdk/* rather than use the runtime's copy, so production runs the
        // same SDK version the tests and client mocks ran against.
        externalModules: [],
      },
    });
    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the project-wide runtime (engines, tests, esbuild target); moving to a newer one is a deliberate upgrade.',
    });
  }

  /**
   * Sets `name` to `value` and applies `grant` to this function in one call, so an environment
   * variable never exists without the permission to use what it points at.
   */
  useResource(name: string, value: string, grant: (grantee: IGrantable) => unknown): this {
    this.fn.addEnvironment(name, value);
    grant(this);
    return this;
  }

  /** TABLE_NAME plus read or read/write access to items and indexes (the stream is granted by its event source). */
  useTable(table: Table, access: 'read' | 'readWrite'): this {
    this.useResource('TABLE_NAME', table.tableName, (grantee) =>
      access === 'read' ? table.grantReadData(grantee) : table.grantReadWriteData(grantee),
    );
    const tableId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/index/*]`,
      reason:
        "Queries go through the table's own global secondary indexes (gsi1); the grant covers this table's indexes only.",
    });
    return this;
  }

  /**
   * The topic's ARN under `name` plus sns:Publish and the two KMS actions SNS needs for an encrypted
   * topic (granted by name: the stock grantPublish uses `kms:GenerateDataKey*`).
   */
  usePublishTopic(name: string, topic: ITopic): this {
    return this.useResource(name, topic.topicArn, () => {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }),
      );
      if (topic.masterKey) {
        this.role.addToPrincipalPolicy(
          new PolicyStatement({
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [topic.masterKey.keyArn],
          }),
        );
      }
    });
  }

  /** The queue's URL under `name` plus sqs:SendMessage (and use of its key, if any). */
  useSendQueue(name: string, queue: IQueue): this {
    return this.useResource(name, queue.queueUrl, (grantee) => queue.grantSendMessages(grantee));
  }
}
