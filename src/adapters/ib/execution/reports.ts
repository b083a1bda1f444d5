/**
 * Report generators of the IB exec client (reference §3.1): order status reports from open AND
 * completed orders, fill reports from executions (latest revision per execId stem), position
 * reports from positions filtered by this client's account, and the mass status of all three.
 * Every generator rejects with CORTANA_E_IB_DISCONNECTED when the gateway is unreachable or a
 * query times out (ghost FLAT / EXTERNAL positions come from treating "unknown" as "empty").
 */
import type { Contract } from "@stoqey/ib";
import type { Cache } from "../../../cache/cache.js";
import type { Clock } from "../../../common/clock.js";
import type { UuidFactory } from "../../../common/uuid.js";
import { OrderStatus } from "../../../model/enums.js";
import type { AccountId, ClientId, InstrumentId, Venue } from "../../../model/identifiers.js";
import { ExecutionMassStatus, type FillReport, type OrderStatusReport, type PositionStatusReport } from "../../../model/reports.js";
import type { FillReportsQuery, OrderStatusQuery, OrderStatusReportsQuery, PositionStatusReportsQuery } from "../../../execution/client.js";
import { fillReportFrom, latestExecutions } from "../parsing/executions.js";
import { orderStatusReportFrom, positionReportFrom } from "../parsing/reports.js";
import { instrumentIdForContract } from "../parsing/symbology.js";
import type { InteractiveBrokersInstrumentProvider } from "../providers/provider.js";
import type { ExecQueries } from "./queries.js";

const OPEN = new Set<string>([OrderStatus.SUBMITTED, OrderStatus.ACCEPTED, OrderStatus.PARTIALLY_FILLED, OrderStatus.PENDING_CANCEL, OrderStatus.PENDING_UPDATE, OrderStatus.TRIGGERED]);
const NS_PER_MIN = 60_000_000_000n;

export interface ReportDeps {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  /** The IB account number (accountId without its issuer). */
  readonly account: string;
  readonly queries: ExecQueries;
  readonly provider: InteractiveBrokersInstrumentProvider;
  readonly cache: Cache;
  readonly clock: Clock;
  readonly uuid: UuidFactory;
}

const inWindow = (ts: bigint, start?: bigint, end?: bigint): boolean => (start === undefined || ts >= start) && (end === undefined || ts <= end);

export class ExecReports {
  constructor(private readonly d: ReportDeps) {}

  #instrument(contract: Contract): { instrumentId: InstrumentId; pricePrecision?: number; sizePrecision?: number; multiplier?: number } {
    const instrumentId = this.d.provider.idForConId(contract.conId) ?? instrumentIdForContract({ ...contract, exchange: contract.exchange || "SMART" }, this.d.provider.symbology);
    const i = this.d.cache.instrument(instrumentId);
    return i === undefined ? { instrumentId } : { instrumentId, pricePrecision: i.pricePrecision, sizePrecision: i.sizePrecision, multiplier: i.multiplier.toNumber() };
  }

  #ctx(contract: Contract) {
    const now = this.d.clock.timestampNs();
    return { ...this.#instrument(contract), accountId: this.d.accountId, reportId: this.d.uuid(), tsInit: now };
  }

  async orderStatusReports(q: OrderStatusReportsQuery): Promise<OrderStatusReport[]> {
    const [open, completed] = await Promise.all([this.d.queries.openOrders(), q.openOnly ? Promise.resolve([]) : this.d.queries.completedOrders()]);
    const out = new Map<string, OrderStatusReport>();
    for (const v of [...completed, ...open]) {
      if (v.order.account && v.order.account !== this.d.account) continue;
      const r = orderStatusReportFrom(v, this.#ctx(v.contract));
      if (r === undefined || (q.instrumentId !== undefined && r.instrumentId !== q.instrumentId)) continue;
      if (q.openOnly && !OPEN.has(r.orderStatus)) continue;
      if (!inWindow(r.tsLast, q.start, q.end) && !OPEN.has(r.orderStatus)) continue;
      out.set(r.venueOrderId, r);
    }
    return [...out.values()];
  }

  async orderStatusReport(q: OrderStatusQuery): Promise<OrderStatusReport | undefined> {
    const all = await this.orderStatusReports({ instrumentId: q.instrumentId, openOnly: false });
    return all.find((r) => (q.venueOrderId !== undefined && r.venueOrderId === q.venueOrderId) || (q.clientOrderId !== undefined && r.clientOrderId === q.clientOrderId));
  }

  async fillReports(q: FillReportsQuery): Promise<FillReport[]> {
    const rows = latestExecutions(await this.d.queries.executions({ acctCode: this.d.account }));
    const out: FillReport[] = [];
    for (const row of rows) {
      if (row.execution.acctNumber && row.execution.acctNumber !== this.d.account) continue;
      const ctx = this.#ctx(row.contract);
      const clientOrderId = row.execution.orderRef ? (row.execution.orderRef as FillReport["clientOrderId"]) : undefined;
      const r = fillReportFrom(row, { ...ctx, clientOrderId });
      if (q.instrumentId !== undefined && r.instrumentId !== q.instrumentId) continue;
      if (q.venueOrderId !== undefined && r.venueOrderId !== q.venueOrderId) continue;
      if (inWindow(r.tsEvent, q.start, q.end)) out.push(r);
    }
    return out;
  }

  async positionReports(q: PositionStatusReportsQuery): Promise<PositionStatusReport[]> {
    const out: PositionStatusReport[] = [];
    for (const p of await this.d.queries.positions()) {
      if (p.account !== this.d.account) continue;
      const r = positionReportFrom(p, this.#ctx(p.contract));
      if (q.instrumentId === undefined || r.instrumentId === q.instrumentId) out.push(r);
    }
    return out;
  }

  async massStatus(lookbackMins?: number): Promise<ExecutionMassStatus> {
    const now = this.d.clock.timestampNs();
    const start = lookbackMins === undefined || lookbackMins <= 0 ? undefined : now - BigInt(Math.round(lookbackMins)) * NS_PER_MIN;
    const [orders, fills, positions] = await Promise.all([
      this.orderStatusReports({ openOnly: false, start }),
      this.fillReports({ start }),
      this.positionReports({ start }),
    ]);
    const mass = new ExecutionMassStatus(this.d.clientId, this.d.accountId, this.d.venue, this.d.uuid(), now);
    mass.addOrderReports(orders);
    mass.addFillReports(fills);
    mass.addPositionReports(positions);
    return mass;
  }
}
