/**
 * Order lists -> IB's linkage: a bracket's children name their parent's IB orderId (`parentId`);
 * every order but the last is sent with transmit=false so nothing goes live until the last one
 * arrives; OCO / OUO orders of a list share an OCA group named after the list (OCO: type 1,
 * cancel the rest with block; OUO: type 2, reduce the rest with block).
 */
import { ContingencyType } from "../../../model/enums.js";
import type { Order, OrderList } from "../../../model/orders/index.js";
import type { IbOrderExtras } from "../parsing/orders.js";

export function listExtras(list: OrderList, order: Order, last: boolean, placed: ReadonlyMap<string, number>): Omit<IbOrderExtras, "orderRef" | "account"> {
  const hasParent = list.orders.some((o) => o.parentOrderId !== undefined);
  const extras: { transmit: boolean; parentId?: number; ocaGroup?: string; ocaType?: number } = { transmit: hasParent ? last : true };
  if (order.parentOrderId !== undefined) extras.parentId = placed.get(order.parentOrderId) ?? 0;
  if (order.contingencyType === ContingencyType.OCO || order.contingencyType === ContingencyType.OUO) {
    extras.ocaGroup = `${list.id}`;
    extras.ocaType = order.contingencyType === ContingencyType.OCO ? 1 : 2;
  }
  return extras;
}
