/** Timed invocations (EventBridge Scheduler → Lambda), each failure path ending in a dead-letter queue. */
import { type CfnElement, type Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, type ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { NewsalertFunction } from './house-function';

export interface ScheduledRunProps {
  target: NewsalertFunction;
  schedule: ScheduleExpression;
  description: string;
  /** Receives runs the scheduler could not deliver and runs the function failed after its retries. */
  deadLetterQueue: IQueue;
  /** A run older than this is pointless: the next one is due. */
  maxEventAge: Duration;
}

export function scheduleRun(scope: Construct, id: string, props: ScheduledRunProps): Schedule {
  // The scheduler invokes asynchronously, so a run can fail in two places: delivery (scheduler DLQ)
  // and inside the function (Lambda's own async retries, then the on-failure destination).
  props.target.fn.configureAsyncInvoke({
    retryAttempts: 1,
    maxEventAge: props.maxEventAge,
    onFailure: new SqsDestination(props.deadLetterQueue),
  });
  // Our own role (one per schedule, beside it) instead of the shared one the target would create, so
  // the acknowledgement below stays on this role only.
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
    description: `Lets EventBridge Scheduler run ${props.target.serviceName}`,
  });
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(scope).getLogicalId(props.target.fn.node.defaultChild as CfnElement)}.Arn>:*]`,
    reason:
      'The stock Lambda target grants invoke on the function and its versions (ARN:*); this role can invoke one function only.',
  });
  return new Schedule(scope, id, {
    description: props.description,
    schedule: props.schedule,
    target: new LambdaInvoke(props.target.fn, {
      role,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: 2,
      maxEventAge: props.maxEventAge,
    }),
  });
}
