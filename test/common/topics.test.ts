import { describe, expect, it } from "vitest";
import { isMatching } from "../../src/common/topic.js";
import { Endpoints, Topics } from "../../src/common/topics.js";

describe("bus names", () => {
  it("build Nautilus' topic names", () => {
    expect(Topics.quotes("SMART", "AAPL")).toBe("data.quotes.SMART.AAPL");
    expect(Topics.trades("SMART", "AAPL")).toBe("data.trades.SMART.AAPL");
    expect(Topics.bars("AAPL.SMART-1-MINUTE-LAST-EXTERNAL")).toBe("data.bars.AAPL.SMART-1-MINUTE-LAST-EXTERNAL");
    expect(Topics.orderEvents("S-001")).toBe("events.order.S-001");
    expect(Topics.positionEvents("S-001")).toBe("events.position.S-001");
    expect(Topics.accountEvents("IB-DU123")).toBe("events.account.IB-DU123");
    expect(Topics.componentState("ExecEngine")).toBe("events.system.ExecEngine");
    expect(Topics.risk).toBe("events.risk");
    expect(Topics.shutdown).toBe("commands.system.shutdown");
    expect(isMatching(Topics.orderEvents("S-002"), "events.order.*")).toBe(true);
  });

  it("name the endpoints of the core contract", () => {
    expect(Object.values(Endpoints).sort()).toEqual([
      "DataEngine.execute",
      "DataEngine.process",
      "DataEngine.request",
      "DataEngine.response",
      "ExecEngine.execute",
      "ExecEngine.process",
      "ExecEngine.reconcile_execution_report",
      "Portfolio.update_account",
      "RiskEngine.execute",
    ]);
  });
});
