/**
 * Contract lookup by index: the same answers as `findContracts` over every instrument (same
 * matches, same order), without scanning the whole option chain for each order or request.
 *
 * Entry point: `new ContractIndex(instruments)`, then `find(query)` / `get(conId)`.
 * Invariant: the candidate list chosen for a query is a superset of its matches, kept in the
 * instruments' order, and every candidate still goes through `matchesQuery`, so the index only
 * narrows the search and never changes a result. Instruments are fixed for a venue's lifetime
 * (a restore builds a new core, hence a new index).
 */
import type { ContractQuery, SimContract } from "./api.js";
import { findContracts, type Instrument } from "./instruments.js";

const NONE: readonly Instrument[] = [];

function push(map: Map<string, Instrument[]>, key: string, i: Instrument): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [i]);
  else list.push(i);
}

const given = (s: string | undefined): s is string => s !== undefined && s !== "";

export class ContractIndex {
  private readonly all: readonly Instrument[];
  private readonly byConId = new Map<number, Instrument>();
  /** Upper-case symbol -> instruments. */
  private readonly bySymbol = new Map<string, Instrument[]>();
  /** Upper-case `symbol\0secType` -> instruments. */
  private readonly bySymbolType = new Map<string, Instrument[]>();
  /** Upper-case local symbol -> instruments. */
  private readonly byLocal = new Map<string, Instrument[]>();

  constructor(instruments: Iterable<Instrument>) {
    this.all = [...instruments];
    for (const i of this.all) {
      const c = i.contract;
      this.byConId.set(c.conId, i);
      push(this.bySymbol, c.symbol.toUpperCase(), i);
      push(this.bySymbolType, `${c.symbol.toUpperCase()}\0${c.secType.toUpperCase()}`, i);
      push(this.byLocal, c.localSymbol.toUpperCase(), i);
    }
  }

  get(conId: number): Instrument | undefined {
    return this.byConId.get(conId);
  }

  /** The contracts matching `q`, as `findContracts(allInstruments, q)` returns them (shared objects: copy before handing out). */
  find(q: ContractQuery): SimContract[] {
    return findContracts(this.candidates(q), q);
  }

  /** A superset of the matches of `q` (see matchesQuery's rules), in instrument order. */
  private candidates(q: ContractQuery): readonly Instrument[] {
    if (q.conId !== undefined && q.conId !== 0) {
      const i = this.byConId.get(q.conId);
      return i === undefined ? NONE : [i];
    }
    if (given(q.localSymbol)) return this.byLocal.get(q.localSymbol.toUpperCase()) ?? NONE;
    if (!given(q.symbol)) return this.all;
    const symbol = q.symbol.toUpperCase();
    // Without a secType (and without a localSymbol) only stocks match.
    const secType = given(q.secType) ? q.secType.toUpperCase() : q.localSymbol === undefined ? "STK" : undefined;
    if (secType === undefined) return this.bySymbol.get(symbol) ?? NONE;
    return this.bySymbolType.get(`${symbol}\0${secType}`) ?? NONE;
  }
}
