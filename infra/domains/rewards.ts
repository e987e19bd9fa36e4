import type * as appsync from 'aws-cdk-lib/aws-appsync';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { Duration } from 'aws-cdk-lib';
import { bundledFunction } from '../bundled-function.js';
import { domainTable } from '../platform/domain-table.js';
import { keepLogicalId } from '../platform/logical-ids.js';
import { unitResolver } from '../resolver-code.js';

export interface RewardsProps {
  api: appsync.GraphqlApi;
}

/** The rewards catalog: its table (with the `byStatus` and `byCategory` indexes the catalog pages through) and its resolvers. */
export class Rewards extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, { api }: RewardsProps) {
    super(scope, id);
    this.table = domainTable(this, 'Table', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      sortKey: undefined,
      globalSecondaryIndexes: [
        {
          indexName: 'byStatus',
          partitionKey: { name: 'status', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'pointsCost', type: dynamodb.AttributeType.NUMBER },
        },
        {
          // The catalog filtered by category, in the key rather than a filter (which would apply after the
          // page limit); status and categoryKey together form the partition key (a multi-attribute key), so a
          // status change needs no derived attribute. Sparse: rewards without a category have no categoryKey.
          indexName: 'byCategory',
          partitionKeys: [
            { name: 'status', type: dynamodb.AttributeType.STRING },
            { name: 'categoryKey', type: dynamodb.AttributeType.STRING },
          ],
          sortKey: { name: 'pointsCost', type: dynamodb.AttributeType.NUMBER },
        },
      ],
    });
    keepLogicalId(this.table, 'Rewards6B646C61');

    api.addEnvironmentVariable('REWARDS_TABLE', this.table.tableName);
    const source = api.addDynamoDbDataSource('RewardsTable', this.table);
    // transactWrite names the table itself, so the role needs it explicitly (least privilege: this table only)
    this.table.grantReadWriteData(source);
    unitResolver(source, 'Query', 'reward');
    unitResolver(source, 'Query', 'rewards');
    for (const field of ['createReward', 'updateReward', 'publishReward', 'archiveReward']) unitResolver(source, 'Mutation', field);
    // 1,000 conditional puts answered item by item do not fit one APPSYNC_JS request: a Lambda does the import
    const importer = bundledFunction(this, 'RewardImporter', 'functions/reward-import/index.ts', {
      environment: { REWARDS_TABLE: this.table.tableName },
      timeout: Duration.seconds(25),
      memorySize: 512,
    });
    this.table.grantReadWriteData(importer);
    unitResolver(api.addLambdaDataSource('RewardImporter', importer), 'Mutation', 'importRewards');
  }
}
