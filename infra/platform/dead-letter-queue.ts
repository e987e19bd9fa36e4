import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag-acknowledgments.js';

/**
 * Where work that could not be delivered waits, 14 days, with an alarm as soon as anything lands in it: someone
 * has to look, fix, then redrive (`npm run events -- redrive <queue>` locally).
 */
export class DeadLetterQueue extends sqs.Queue {
  /** notified through the stack's alarm topic (infra/platform/monitoring.ts) */
  readonly notEmpty: cloudwatch.Alarm;

  constructor(scope: Construct, id: string) {
    super(scope, id, { retentionPeriod: Duration.days(14), enforceSSL: true });
    acknowledge(
      this,
      'SQS3',
      'this queue is itself a dead-letter queue: what lands here waits for a human (alarmed), not for another queue',
    );
    this.notEmpty = new cloudwatch.Alarm(scope, `${id}NotEmpty`, {
      alarmDescription: `${this.node.path} holds messages that could not be delivered: inspect, fix, then redrive`,
      metric: this.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
