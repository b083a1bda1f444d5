/**
 * The portfolio layer: `Portfolio` (accounts, margins, net positions, exposure, PnL, readiness)
 * and the helpers it is built from. `Account` lives in src/cache (so the RiskEngine can read it)
 * and is re-exported here, not duplicated.
 */
export { Account } from "../cache/account.js";
export { Portfolio, type PortfolioDeps } from "./portfolio.js";
export { AccountUpdater, type AccountUpdate } from "./accounts.js";
export { MarginKeeper, groupBy, orderNotionalRaw, ordersMargin, positionNotionalRaw, positionsMaintMargin } from "./margins.js";
export { MarkPrices, type MarkOptions, type MarkSide } from "./marks.js";
export { NetPosition, addByCurrency, markSide, netPositionOf, sumExposure, sumRealized, sumUnrealized, type MarkFn, type SnapshotsFn } from "./pnl.js";
export { Readiness } from "./readiness.js";
export type { PortfolioConfig } from "../config/schemas/portfolio-logging.js";
