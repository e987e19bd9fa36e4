/**
 * EventBridge's PutEvents as every publisher calls it: the AppSync EventBridge data source, the SDK endpoint Lambda
 * functions use, pipes and rules' bus targets. The event buses implement it; the fault layer wraps it.
 */
export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  Time?: string | Date;
  EventBusName?: string;
  TraceHeader?: string;
}

export interface PutEventsResultEntry {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

export interface PutEventsPublisher {
  putEvents(entries: PutEventsEntry[]): Promise<{ Entries: PutEventsResultEntry[]; FailedEntryCount: number }>;
}
