export interface Outage {
  pathPrefix: string;
  status: number;
  /** wall-clock ms when the outage ends */
  until: number;
}

/** Staged outages of parts of the outside world: while one lasts, requests under its prefix get its status. */
export class Outages {
  private outages: Outage[] = [];

  start(outage: Outage): void {
    // a new outage of the same prefix replaces the old one
    this.outages = [...this.outages.filter((existing) => existing.pathPrefix !== outage.pathPrefix), outage];
  }

  /** The outage a path is in now: the most specific (longest prefix) of those still lasting. */
  of(path: string, now = Date.now()): Outage | null {
    this.outages = this.outages.filter((outage) => outage.until > now);
    const covering = this.outages.filter((outage) => path.startsWith(outage.pathPrefix));
    return covering.sort((a, b) => b.pathPrefix.length - a.pathPrefix.length)[0] ?? null;
  }

  list(now = Date.now()): Outage[] {
    this.outages = this.outages.filter((outage) => outage.until > now);
    return this.outages;
  }

  endAll(): number {
    const ended = this.list().length;
    this.outages = [];
    return ended;
  }
}
