/**
 * Applying AccountState events to the cached Accounts (Nautilus `Portfolio.update_account`),
 * with the account-state log line rate-limited per account by `minAccountStateLoggingIntervalMs`.
 *
 * Entry point: `AccountUpdater.apply(state)` returns the outcome as a tagged union:
 * `created` (first state of the account: a new Account added to the cache), `updated` (applied
 * to the cached Account, persisted with `cache.updateAccount`) or `refused` (the state breaks the
 * Account's invariants: wrong type, total != locked + free; logged as an error, nothing changes).
 * Logging: every applied state is logged at info, unless the previous logged state of the same
 * account is younger than the interval (then debug), so a venue streaming account updates does
 * not flood the log.
 */
import { Account } from "../cache/account.js";
import type { Cache } from "../cache/cache.js";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import type { AccountState } from "../model/events.js";
import type { AccountId } from "../model/identifiers.js";

export type AccountUpdate =
  | { readonly kind: "created"; readonly account: Account }
  | { readonly kind: "updated"; readonly account: Account }
  | { readonly kind: "refused"; readonly reason: string };

function describe(state: AccountState): Record<string, unknown> {
  return {
    accountId: state.accountId,
    accountType: state.accountType,
    reported: state.reported,
    balances: state.balances.map((b) => `${b.total.toString()} (locked ${b.locked.toDecimalString()}, free ${b.free.toDecimalString()})`),
    margins: state.margins.map((m) => `${m.instrumentId ?? "account"}: init ${m.initial.toString()}, maint ${m.maintenance.toString()}`),
  };
}

export class AccountUpdater {
  private readonly lastLoggedMs = new Map<AccountId, number>();

  constructor(
    private readonly cache: Cache,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly minLoggingIntervalMs: number | undefined,
  ) {}

  apply(state: AccountState): AccountUpdate {
    let update: AccountUpdate;
    try {
      update = this.applyUnchecked(state);
    } catch (err) {
      const reason = (err as Error).message;
      this.log.error({ accountId: state.accountId, err }, `Cannot apply account state: ${reason}`);
      return { kind: "refused", reason };
    }
    this.logState(state);
    return update;
  }

  reset(): void {
    this.lastLoggedMs.clear();
  }

  private applyUnchecked(state: AccountState): AccountUpdate {
    const cached = this.cache.account(state.accountId);
    if (cached === undefined) {
      const account = new Account(state);
      this.cache.addAccount(account);
      return { kind: "created", account };
    }
    cached.apply(state);
    this.cache.updateAccount(cached);
    return { kind: "updated", account: cached };
  }

  private logState(state: AccountState): void {
    const nowMs = this.clock.timestampMs();
    const interval = this.minLoggingIntervalMs;
    const last = this.lastLoggedMs.get(state.accountId);
    if (interval !== undefined && last !== undefined && nowMs - last < interval) {
      this.log.debug(describe(state), `Updated ${state.accountId} (account state logging throttled)`);
      return;
    }
    this.lastLoggedMs.set(state.accountId, nowMs);
    this.log.info(describe(state), `Updated ${state.accountId}`);
  }
}
