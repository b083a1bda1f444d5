/**
 * Applying the venue-level faults of a scenario timeline (or of the control API) to a venue.
 * Connection-level faults are the server's; `applyVenueFault` refuses them so a caller that
 * forgot to route them hears about it.
 */
import { assertNever } from "../../common/errors.js";
import type { VenueResult } from "../venue/api.js";
import type { SimVenue } from "../venue/venue.js";
import { resolveContractRef, selectOrder } from "./refs.js";
import { isConnectionFault, type Fault, type OrderSelector } from "./schema.js";

function orderPermId(venue: SimVenue, sel: OrderSelector): VenueResult<number> {
  const o = selectOrder([...venue.openOrders(), ...venue.completedOrders()], sel);
  return o === undefined ? { ok: false, reason: `no order matches ${JSON.stringify(sel)}` } : { ok: true, value: o.permId };
}

/** Apply one venue-level fault now. Returns ok: false with a reason when it cannot apply. */
export function applyVenueFault(venue: SimVenue, fault: Fault): VenueResult<unknown> {
  if (isConnectionFault(fault)) return { ok: false, reason: `fault "${fault.kind}" is connection level: the server executes it` };
  const conIdOf = (ref: Parameters<typeof resolveContractRef>[1]): VenueResult<number> => resolveContractRef(venue.internals.instruments.values(), ref, venue.internals.startMs);
  switch (fault.kind) {
    case "movePrice": {
      const c = conIdOf(fault.contract);
      return c.ok ? venue.movePrice(c.value, fault.price) : c;
    }
    case "externalOrder": {
      const c = conIdOf(fault.contract);
      if (!c.ok) return c;
      return venue.placeExternalOrder({
        contract: { conId: c.value }, action: fault.action, totalQuantity: fault.quantity, orderType: fault.orderType,
        ...(fault.lmtPrice !== undefined ? { lmtPrice: fault.lmtPrice } : {}), ...(fault.auxPrice !== undefined ? { auxPrice: fault.auxPrice } : {}),
        tif: fault.tif, goodTillDate: "", ocaGroup: "", ocaType: 0, parentId: 0, transmit: true, orderRef: fault.orderRef, account: fault.account, outsideRth: false,
      });
    }
    case "externalTrade": {
      const c = conIdOf(fault.contract);
      if (!c.ok) return c;
      return venue.externalTrade({ conId: c.value, action: fault.action, quantity: fault.quantity, ...(fault.price !== undefined ? { price: fault.price } : {}), ...(fault.account !== undefined ? { account: fault.account } : {}) });
    }
    case "forgetOrder": {
      const p = orderPermId(venue, fault.order);
      return p.ok ? venue.forgetOrder(p.value) : p;
    }
    case "cancelAsTwsUser": {
      const p = orderPermId(venue, fault.order);
      return p.ok ? venue.cancelAsTwsUser(p.value) : p;
    }
    case "rejectNextOrder":
      venue.rejectNextOrder(fault.reason);
      return { ok: true, value: undefined };
    case "fillOrder": {
      const p = orderPermId(venue, fault.order);
      if (!p.ok) return p;
      return venue.fillNow(p.value, { ...(fault.price !== undefined ? { price: fault.price } : {}), ...(fault.quantity !== undefined ? { quantity: fault.quantity } : {}) });
    }
    case "duplicateExecution": {
      const all = venue.executions();
      const execId = fault.execId ?? all[all.length - 1]?.execution.execId;
      return execId === undefined ? { ok: false, reason: "no execution to duplicate" } : venue.duplicateExecution(execId);
    }
    case "setPartialFills":
      venue.setPartialFillMode(fault.mode);
      return { ok: true, value: undefined };
    default:
      return assertNever(fault, "venue fault");
  }
}
