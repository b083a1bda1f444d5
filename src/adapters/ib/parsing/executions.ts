/**
 * Executions: execId de-duplication with corrections, and IB executions -> FillReports.
 *
 * IB execIds look like `0000e0d5.69dd7411.01.01`: the last group is a revision that grows when IB
 * corrects a fill (`.01` then `.02`); the correction REPLACES the fill it corrects. After a
 * reconnect IB repeats executions with the same id: a repeat is a duplicate, never a new fill.
 */
import type { Contract, Execution } from "@stoqey/ib";
import { Currency } from "../../../model/currency.js";
import { LiquiditySide, OrderSide } from "../../../model/enums.js";
import { TradeId, VenueOrderId, type AccountId, type ClientOrderId, type InstrumentId } from "../../../model/identifiers.js";
import type { FillReport } from "../../../model/reports.js";
import { Money, Price, Quantity } from "../../../model/values.js";
import { ibTimeToNs } from "./time.js";
import { decimalText } from "./values.js";

export interface ExecIdParts {
  readonly stem: string;
  readonly revision: number;
}

export function execIdParts(execId: string): ExecIdParts {
  const dot = execId.lastIndexOf(".");
  if (dot <= 0) return { stem: execId, revision: 0 };
  const revision = Number.parseInt(execId.slice(dot + 1), 16);
  return Number.isNaN(revision) ? { stem: execId, revision: 0 } : { stem: execId.slice(0, dot), revision };
}

export type ExecutionVerdict = "new" | "duplicate" | "correction" | "superseded";

/** Which executions were seen, by stem: tells new fills from repeats and corrections. */
export class ExecutionLedger {
  readonly #revisions = new Map<string, number>();

  /** Records `execId` and says what it is relative to what was seen. */
  observe(execId: string): ExecutionVerdict {
    const { stem, revision } = execIdParts(execId);
    const seen = this.#revisions.get(stem);
    if (seen === undefined) {
      this.#revisions.set(stem, revision);
      return "new";
    }
    if (revision === seen) return "duplicate";
    if (revision < seen) return "superseded";
    this.#revisions.set(stem, revision);
    return "correction";
  }

  has(execId: string): boolean {
    const { stem, revision } = execIdParts(execId);
    const seen = this.#revisions.get(stem);
    return seen !== undefined && seen >= revision;
  }

  get size(): number {
    return this.#revisions.size;
  }
}

/** Keeps, per execId stem, only the highest revision (repeats dropped), in first-seen order. */
export function latestExecutions<T extends { readonly execution: Execution }>(items: readonly T[]): T[] {
  const best = new Map<string, { item: T; revision: number; order: number }>();
  items.forEach((item, order) => {
    const { stem, revision } = execIdParts(item.execution.execId ?? "");
    const prev = best.get(stem);
    if (prev === undefined) best.set(stem, { item, revision, order });
    else if (revision > prev.revision) best.set(stem, { item, revision, order: prev.order });
  });
  return [...best.values()].sort((a, b) => a.order - b.order).map((b) => b.item);
}

export function sideFromIb(side: string | undefined): OrderSide {
  return side === "BOT" || side === "BUY" ? OrderSide.BUY : side === "SLD" || side === "SELL" ? OrderSide.SELL : OrderSide.NO_ORDER_SIDE;
}

/** IB lastLiquidity: 1 added (maker), 2 removed (taker), 3 routed out (taker). */
export function liquidityFromIb(value: unknown): LiquiditySide {
  const v = typeof value === "object" && value !== null ? (value as { value?: number }).value : value;
  return v === 1 ? LiquiditySide.MAKER : v === 2 || v === 3 ? LiquiditySide.TAKER : LiquiditySide.NO_LIQUIDITY_SIDE;
}

export interface FillContext {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** Undefined: as IB wrote it. */
  readonly pricePrecision?: number | undefined;
  readonly sizePrecision?: number | undefined;
  readonly clientOrderId?: ClientOrderId | undefined;
  readonly reportId: string;
  readonly tsInit: bigint;
}

export interface CommissionInput {
  readonly commission?: number;
  readonly currency?: string;
}

export function commissionMoney(c: CommissionInput | undefined, fallback: Currency): Money {
  const currency = c?.currency ? Currency.from(c.currency) : fallback;
  const amount = c?.commission;
  if (amount === undefined || !Number.isFinite(amount) || amount >= 1e300) return Money.zero(currency);
  return Money.parse(decimalText(amount), currency);
}

export function fillReportFrom(
  x: { readonly contract: Contract; readonly execution: Execution; readonly commission?: CommissionInput | undefined },
  ctx: FillContext,
): FillReport {
  const e = x.execution;
  return {
    accountId: ctx.accountId,
    instrumentId: ctx.instrumentId,
    venueOrderId: VenueOrderId(String(e.permId ?? 0)),
    clientOrderId: ctx.clientOrderId,
    tradeId: TradeId(e.execId ?? ""),
    orderSide: sideFromIb(e.side),
    lastQty: Quantity.parse(decimalText(e.shares ?? 0), ctx.sizePrecision),
    lastPx: Price.parse(decimalText(e.price ?? 0), ctx.pricePrecision),
    commission: commissionMoney(x.commission, Currency.from(x.contract.currency ?? "USD")),
    liquiditySide: liquidityFromIb(e.lastLiquidity),
    reportId: ctx.reportId,
    tsEvent: ibTimeToNs(e.time) ?? ctx.tsInit,
    tsInit: ctx.tsInit,
  };
}
