/** Orders: the Order class, the order state table, order lists and the bracket builder. */
export { Order } from "./order.js";
export {
  ORDER_STATE_TABLE,
  canTransition,
  invalidStateTrigger,
  isClosedStatus,
  isInflightStatus,
  isOpenStatus,
  isTerminalStatus,
  nextStatus,
  tryNextStatus,
} from "./fsm.js";
export { OrderList, buildBracket, type BracketParams } from "./list.js";
export { hasLimitPrice, validateOrderInitialized } from "./validate.js";
