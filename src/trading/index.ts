/**
 * The trading layer's public API, for user strategies and actors and for the node:
 * `import { Strategy, strategyConfigSchema } from "cortana-node/trading"` (or re-exported by src/index.ts).
 */
export { Actor, type ActorDeps, type ActorState, type StateValue } from "./actor.js";
export { Strategy, strategyIdFor, type SubmitOptions, type ModifyParams, type CloseOptions } from "./strategy.js";
export { OrderFactory, type OrderParams, type LimitParams, type StopParams, type StopLimitParams, type TrailingParams, type TrailingLimitParams, type BracketOrderParams } from "./order-factory.js";
export { Trader, type TraderDeps, type AddOptions, type ComponentClass, type Residuals } from "./trader.js";
export {
  loadStrategies,
  loadActors,
  settleStrategies,
  settleActors,
  strategyImportsCheck,
  type LoadedComponent,
  type LoadedStrategy,
  type LoadedActor,
  type LoadOptions,
} from "./loader.js";
export { strategyConfigSchema, actorConfigSchema, StrategyConfigSchema, ActorConfigSchema, parseComponentConfig, type StrategyConfig, type ActorConfig } from "./config.js";
export { directMeasure, type MeasureFn, type ExecutorLike } from "./handler.js";
export { customDataTopic, type RoutingOptions, type RequestOptions } from "./subscriptions.js";
export type { MarketExitResult } from "./market-exit.js";
