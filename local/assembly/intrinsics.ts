import type { CfnResource, StackArtifact } from './cloud-assembly.js';

export const LOCAL_ACCOUNT_ID = '000000000000';

/** Properties that carry a resource's explicit physical name, by resource type. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::Events::EventBus': 'Name',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Cognito::UserPool': 'UserPoolName',
  'AWS::Events::Rule': 'Name',
  'AWS::Events::Connection': 'Name',
  'AWS::Events::ApiDestination': 'Name',
  'AWS::Pipes::Pipe': 'Name',
};

/**
 * Resolves CloudFormation intrinsics (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split) to the values
 * the local resources have, the way CloudFormation would resolve them to the deployed ones.
 */
export class Intrinsics {
  constructor(private readonly stack: StackArtifact) {}

  get region(): string {
    return this.stack.region;
  }

  resource(logicalId: string): CfnResource {
    const resource = this.stack.template.Resources[logicalId];
    if (!resource) throw new Error(`${this.stack.name}: no resource ${logicalId} in the template`);
    return resource;
  }

  /** The physical name a resource gets: its explicit name, else one derived from stack and logical id. */
  physicalName(logicalId: string): string {
    const resource = this.resource(logicalId);
    const property = NAME_PROPERTY[resource.Type];
    const explicit = property ? resource.Properties?.[property] : undefined;
    if (explicit !== undefined) return String(this.resolve(explicit));
    if (resource.Type === 'AWS::Cognito::UserPool') return `${this.region}_${logicalId.slice(0, 9)}`;
    return `${this.stack.name}-${logicalId}`;
  }

  ref(logicalId: string): string {
    switch (logicalId) {
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return LOCAL_ACCOUNT_ID;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.stack.name;
      case 'AWS::NoValue':
        return '';
    }
    const resource = this.resource(logicalId);
    if (resource.Type === 'AWS::Cognito::UserPoolClient') return `local-client-${logicalId}`.toLowerCase();
    if (resource.Type === 'AWS::SQS::Queue') return `http://sqs.local/${LOCAL_ACCOUNT_ID}/${this.physicalName(logicalId)}`;
    if (resource.Type === 'AWS::Events::EventBus') return this.physicalName(logicalId);
    return this.physicalName(logicalId);
  }

  getAtt(logicalId: string, attribute: string): string {
    const resource = this.resource(logicalId);
    const name = this.physicalName(logicalId);
    const arn = (service: string, rest: string) => `arn:aws:${service}:${this.region}:${LOCAL_ACCOUNT_ID}:${rest}`;
    if (attribute === 'Arn') {
      switch (resource.Type) {
        case 'AWS::DynamoDB::Table':
        case 'AWS::DynamoDB::GlobalTable':
          return arn('dynamodb', `table/${name}`);
        case 'AWS::Events::EventBus':
          return arn('events', `event-bus/${name}`);
        case 'AWS::Lambda::Function':
          return arn('lambda', `function:${name}`);
        case 'AWS::SQS::Queue':
          return arn('sqs', name);
        case 'AWS::IAM::Role':
          return `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${name}`;
        case 'AWS::Cognito::UserPool':
          return arn('cognito-idp', `userpool/${name}`);
        case 'AWS::AppSync::GraphQLApi':
          return arn('appsync', `apis/${logicalId}`);
        case 'AWS::Events::Rule': {
          const bus = resource.Properties?.EventBusName;
          const busName = bus === undefined ? 'default' : String(this.resolve(bus)).split('/').pop();
          return arn('events', `rule/${busName === 'default' ? '' : `${busName}/`}${name}`);
        }
        case 'AWS::Events::Connection':
          return arn('events', `connection/${name}/local`);
        case 'AWS::Events::ApiDestination':
          return arn('events', `api-destination/${name}/local`);
        case 'AWS::Pipes::Pipe':
          return arn('pipes', `pipe/${name}`);
      }
    }
    if (attribute === 'QueueName') return name;
    if (attribute === 'QueueUrl') return this.ref(logicalId);
    if (attribute === 'StreamArn' || attribute === 'TableStreamArn') return arn('dynamodb', `table/${name}/stream/local`);
    if (attribute === 'ApiId' || attribute === 'FunctionId') return logicalId;
    if (attribute === 'GraphQLEndpointArn') return arn('appsync', `endpoints/graphql-api/${logicalId}`);
    if (attribute === 'Name') return name;
    return `${name}.${attribute}`;
  }

  /** Resolves every intrinsic inside a JSON value. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (!value || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [fn, arg] = entries[0];
      switch (fn) {
        case 'Ref':
          return this.ref(String(arg));
        case 'Fn::GetAtt': {
          const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
          return this.getAtt(String(id), String(attribute));
        }
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, unknown[]];
          return (this.resolve(parts) as unknown[]).join(separator);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [number, unknown];
          return (this.resolve(list) as unknown[])[Number(index)];
        }
        case 'Fn::Split': {
          const [separator, source] = arg as [string, unknown];
          return String(this.resolve(source)).split(separator);
        }
        case 'Fn::Sub':
          return this.sub(arg);
      }
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, this.resolve(item)]));
  }

  private sub(arg: unknown): string {
    const [template, variables] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
    return template.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      if (name in variables) return String(this.resolve(variables[name]));
      const [id, attribute] = name.split('.');
      return attribute ? this.getAtt(id, attribute) : this.ref(id);
    });
  }
}
