import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertMessage } from '../domain/types';
import type { AlertPublisher } from '../ports';

/** Publishes to the alerts topic with the attributes that subscription filter policies read. */
export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(message: AlertMessage): Promise<void> {
    const { topics, countries, score, kind } = message.attributes;
    await this.client.send(
      new PublishCommand(toPublishInput(this.topicArn, message, { topics, countries, score, kind })),
    );
  }
}

export function toPublishInput(topicArn: string, message: AlertMessage, a: AlertMessage['attributes']) {
  return {
    TopicArn: topicArn,
    Subject: message.subject,
    Message: message.body,
    MessageAttributes: {
      topics: { DataType: 'String.Array', StringValue: JSON.stringify(a.topics) },
      countries: { DataType: 'String.Array', StringValue: JSON.stringify(a.countries) },
      score: { DataType: 'Number', StringValue: String(a.score) },
      kind: { DataType: 'String', StringValue: a.kind },
    },
  };
}
