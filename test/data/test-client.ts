/** A DataClient for engine tests: records every call and lets the test push data and answers through its sink. */
import type { ClientRequest, DataClient, DataClientSink } from "../../src/data/client.js";
import type { RequestBars, RequestInstrument, RequestInstruments, RequestQuoteTicks, RequestTradeTicks } from "../../src/data/messages.js";
import type { BarType } from "../../src/model/data.js";
import { ClientId, Venue, type InstrumentId } from "../../src/model/identifiers.js";

export class RecordingDataClient implements DataClient {
  readonly clientId: ClientId;
  readonly venue: Venue;
  sink: DataClientSink | undefined;
  connected = false;
  readonly calls: string[] = [];
  readonly requests: ClientRequest<RequestInstrument | RequestInstruments | RequestBars | RequestQuoteTicks | RequestTradeTicks>[] = [];
  failSubscriptions = false;

  constructor(clientId: string, venue: string) {
    this.clientId = ClientId(clientId);
    this.venue = Venue(venue);
  }

  bindSink(sink: DataClientSink): void {
    this.sink = sink;
  }
  async connect(): Promise<void> {
    this.connected = true;
  }
  async disconnect(): Promise<void> {
    this.connected = false;
  }
  get isConnected(): boolean {
    return this.connected;
  }

  private record(call: string): Promise<void> {
    this.calls.push(call);
    return this.failSubscriptions ? Promise.reject(new Error(`refused ${call}`)) : Promise.resolve();
  }

  subscribeQuoteTicks(id: InstrumentId): Promise<void> {
    return this.record(`subscribeQuoteTicks ${id}`);
  }
  unsubscribeQuoteTicks(id: InstrumentId): Promise<void> {
    return this.record(`unsubscribeQuoteTicks ${id}`);
  }
  subscribeTradeTicks(id: InstrumentId): Promise<void> {
    return this.record(`subscribeTradeTicks ${id}`);
  }
  unsubscribeTradeTicks(id: InstrumentId): Promise<void> {
    return this.record(`unsubscribeTradeTicks ${id}`);
  }
  subscribeBars(barType: BarType): Promise<void> {
    return this.record(`subscribeBars ${barType}`);
  }
  unsubscribeBars(barType: BarType): Promise<void> {
    return this.record(`unsubscribeBars ${barType}`);
  }
  subscribeInstrument(id: InstrumentId): Promise<void> {
    return this.record(`subscribeInstrument ${id}`);
  }
  unsubscribeInstrument(id: InstrumentId): Promise<void> {
    return this.record(`unsubscribeInstrument ${id}`);
  }
  subscribeInstruments(venue: Venue): Promise<void> {
    return this.record(`subscribeInstruments ${venue}`);
  }
  unsubscribeInstruments(venue: Venue): Promise<void> {
    return this.record(`unsubscribeInstruments ${venue}`);
  }

  requestInstrument(r: ClientRequest<RequestInstrument>): void {
    this.requests.push(r);
  }
  requestInstruments(r: ClientRequest<RequestInstruments>): void {
    this.requests.push(r);
  }
  requestBars(r: ClientRequest<RequestBars>): void {
    this.requests.push(r);
  }
  requestQuoteTicks(r: ClientRequest<RequestQuoteTicks>): void {
    this.requests.push(r);
  }
  requestTradeTicks(r: ClientRequest<RequestTradeTicks>): void {
    if (r.limit === -1) throw new Error("venue unreachable");
    this.requests.push(r);
  }
}
