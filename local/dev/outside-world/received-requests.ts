/** One request the outside world received, as it arrived. */
export interface ReceivedRequest {
  id: string;
  method: string;
  path: string;
  /** the query string without its `?`; empty when there was none */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  receivedAt: string;
  answeredStatus: number;
}

/** The most recent requests, oldest first; bounded in count and in body bytes so a long session cannot exhaust memory. */
export class ReceivedRequests {
  private requests: ReceivedRequest[] = [];
  private bodyBytes = 0;

  constructor(
    private readonly maxRequests = 10_000,
    private readonly maxBodyBytes = 64 * 1024 * 1024,
  ) {}

  add(request: ReceivedRequest): void {
    this.requests.push(request);
    this.bodyBytes += Buffer.byteLength(request.body);
    while (this.requests.length > this.maxRequests || (this.bodyBytes > this.maxBodyBytes && this.requests.length > 1)) {
      this.bodyBytes -= Buffer.byteLength(this.requests.shift()!.body);
    }
  }

  /** Those whose path starts with the prefix (all when it is empty). */
  under(pathPrefix: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path.startsWith(pathPrefix));
  }

  clear(): number {
    const cleared = this.requests.length;
    this.requests = [];
    this.bodyBytes = 0;
    return cleared;
  }
}
