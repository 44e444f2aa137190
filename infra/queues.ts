/** Queues newsalert creates: encrypted, TLS-only, and every dead-letter queue known by name for alarms. */
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** A dead-letter queue: keeps failed messages for the 14 days SQS allows, so an operator can redrive them. */
export function deadLetterQueue(scope: Construct, id: string, purpose: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This is itself the dead-letter queue for ${purpose}; it is watched by an alarm instead.`,
  });
  return queue;
}
