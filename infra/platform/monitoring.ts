import { Duration, Stack } from 'aws-cdk-lib';
import type * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.js';

export interface MonitoringProps {
  api: appsync.GraphqlApi;
  /** who the alarms email (the stage's configuration); none locally */
  alarmEmail?: string;
  /** one dashboard per entry, over every function, table, rule and dead-letter queue found under its constructs */
  dashboards: Record<string, IConstruct[]>;
}

const FIVE_MINUTES = Duration.minutes(5);
/** AppSync's p99 above this, three 5-minute periods in a row, pages someone (the redeem pipeline takes ~50 ms). */
const API_LATENCY_P99_MS = 1000;

/**
 * What tells a human something is wrong, for everything a domain builds from the platform: it walks the domains'
 * constructs, so a new domain gets alarms and a dashboard by being listed, not by remembering each one. Alarms
 * (all to one SNS topic, emailed to the stage's recipient): AppSync 5XX and p99 latency; per function, errors and
 * throttles; per table, throttled requests; per rule, failed invocations; per dead-letter queue, any message.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.action = new actions.SnsAction(this.topic);

    // AppSync's metrics (AWS/AppSync, per GraphQLAPIId)
    const apiMetric = (metricName: string, options: cloudwatch.MetricOptions = {}) =>
      new cloudwatch.Metric({ namespace: 'AWS/AppSync', metricName, dimensionsMap: { GraphQLAPIId: props.api.apiId }, ...options });
    const api = { metric: apiMetric };
    const apiAlarms = [
      this.alarm('Api5xx', 'the API answered with server errors', api.metric('5XXError', { statistic: 'Sum', period: FIVE_MINUTES }), 1),
      this.alarm(
        'ApiLatencyP99',
        `the API's p99 latency is above ${API_LATENCY_P99_MS} ms`,
        api.metric('Latency', { statistic: 'p99', period: FIVE_MINUTES }),
        API_LATENCY_P99_MS,
        3,
      ),
    ];
    const stackName = Stack.of(this).stackName;
    new cloudwatch.Dashboard(this, 'ApiDashboard', {
      dashboardName: `${stackName}-Api`,
      widgets: [
        [
          graph(
            'Requests and errors',
            [api.metric('4XXError'), api.metric('5XXError')].map((m) => m.with({ statistic: 'Sum' })),
          ),
          graph('Latency p50 / p99 (ms)', [api.metric('Latency', { statistic: 'p50' }), api.metric('Latency', { statistic: 'p99' })]),
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: apiAlarms, width: 8 }),
        ],
      ],
    });

    for (const [name, roots] of Object.entries(props.dashboards)) this.watch(`${stackName}-${name}`, name, roots);
  }

  private watch(dashboardName: string, name: string, roots: IConstruct[]): void {
    const found = roots.flatMap((root) => root.node.findAll());
    const functions = found.filter((c): c is lambda.Function => c instanceof lambda.Function);
    const tables = found.filter((c): c is dynamodb.TableV2 => c instanceof dynamodb.TableV2);
    const rules = found.filter((c): c is events.Rule => c instanceof events.Rule);
    const queues = found.filter((c): c is DeadLetterQueue => c instanceof DeadLetterQueue);
    const alarms: cloudwatch.IAlarm[] = [];
    const widgets: cloudwatch.IWidget[] = [];

    for (const fn of functions) {
      // a consumer's function is its construct's `Default` child: name it after the consumer
      const label = fn.node.id === 'Default' ? fn.node.scope!.node.id : fn.node.id;
      alarms.push(
        this.alarm(`${name}${label}Errors`, `${fn.node.path} failed invocations`, fn.metricErrors({ period: FIVE_MINUTES }), 1),
        this.alarm(`${name}${label}Throttles`, `${fn.node.path} was throttled`, fn.metricThrottles({ period: FIVE_MINUTES }), 1),
      );
      widgets.push(
        graph(`${label}: invocations, errors, throttles`, [fn.metricInvocations(), fn.metricErrors(), fn.metricThrottles()]),
        graph(`${label}: duration p99 (ms)`, [fn.metricDuration({ statistic: 'p99' })]),
      );
    }
    for (const table of tables) {
      const throttles = new cloudwatch.MathExpression({
        expression: 'reads + writes',
        label: 'throttled requests',
        period: FIVE_MINUTES,
        usingMetrics: {
          reads: table.metric('ReadThrottleEvents', { statistic: 'Sum' }),
          writes: table.metric('WriteThrottleEvents', { statistic: 'Sum' }),
        },
      });
      alarms.push(this.alarm(`${name}${table.node.id}Throttles`, `${table.node.path} throttled requests`, throttles, 1));
      widgets.push(
        graph(`${table.node.id}: consumed capacity`, [
          table.metricConsumedReadCapacityUnits({ statistic: 'Sum' }),
          table.metricConsumedWriteCapacityUnits({ statistic: 'Sum' }),
        ]),
        graph(`${table.node.id}: throttled requests`, [throttles]),
      );
    }
    for (const rule of rules) {
      const dimensionsMap = { RuleName: rule.ruleName, EventBusName: busNameOf(rule) };
      const failed = new cloudwatch.Metric({ namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensionsMap, statistic: 'Sum' });
      const path = `${rule.node.scope!.node.id}/${rule.node.id}`;
      alarms.push(
        this.alarm(
          `${name}${path.replace('/', '')}FailedInvocations`,
          `${path} could not deliver events`,
          failed.with({ period: FIVE_MINUTES }),
          1,
        ),
      );
      widgets.push(
        graph(`${path}: invocations, failures`, [
          new cloudwatch.Metric({ namespace: 'AWS/Events', metricName: 'Invocations', dimensionsMap, statistic: 'Sum' }),
          failed,
        ]),
      );
    }
    for (const queue of queues) {
      queue.notEmpty.addAlarmAction(this.action);
      alarms.push(queue.notEmpty);
      widgets.push(graph(`${queue.node.id}: messages waiting`, [queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Max' })]));
    }

    new cloudwatch.Dashboard(this, `${name}Dashboard`, {
      dashboardName,
      widgets: [[new cloudwatch.AlarmStatusWidget({ title: `${name}: alarms`, alarms, width: 24 })], widgets],
    });
  }

  private alarm(id: string, description: string, metric: cloudwatch.IMetric, threshold: number, evaluationPeriods = 1): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}

function graph(title: string, metrics: cloudwatch.IMetric[]): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left: metrics, width: 8 });
}

/** The bus a rule listens on (CloudWatch's EventBusName dimension): the default bus unless the rule names one. */
function busNameOf(rule: events.Rule): string {
  return (rule.node.defaultChild as events.CfnRule).eventBusName ?? 'default';
}
