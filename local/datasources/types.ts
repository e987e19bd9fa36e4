/** What a data source returns to the response handler: `ctx.result` and, when the call failed, `ctx.error`. */
export interface DataSourceOutcome {
  result: unknown;
  error?: { message: string; type: string };
}

export interface DataSourceCall {
  /** binds pagination tokens to the resolver that issued them */
  tokenScope: string;
}

export interface DataSource {
  /** a data source with nothing to wait for (NONE) answers at once */
  invoke(request: unknown, call: DataSourceCall): DataSourceOutcome | Promise<DataSourceOutcome>;
}

/** The request object a handler returned is not one the data source accepts (AppSync: errorType MappingTemplate). */
export class MappingTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingTemplateError';
  }
}
