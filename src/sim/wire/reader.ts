/**
 * Strict reader over the fields of one client frame, with the readers a Java TWS applies
 * (empty int -> 0, empty double -> unset, bools as ints). Anything unparseable, a missing
 * field (underrun) or a leftover field throws `WireDecodeError`, which the server answers as a
 * real gateway would (error 320) instead of crashing.
 */

export class WireDecodeError extends Error {
  constructor(
    readonly msgId: number,
    readonly reason: string,
  ) {
    super(`message ${msgId}: ${reason}`);
    this.name = "WireDecodeError";
  }
}

const INT_UNSET = 2147483647;
const INT_RE = /^[+-]?\d+$/;

export class TokenReader {
  private i: number;

  constructor(
    private readonly tokens: readonly string[],
    readonly msgId: number,
    start = 1,
  ) {
    this.i = start;
  }

  get remaining(): number {
    return this.tokens.length - this.i;
  }

  fail(reason: string): never {
    throw new WireDecodeError(this.msgId, reason);
  }

  str(): string {
    const t = this.tokens[this.i];
    if (t === undefined) this.fail(`underrun at field ${this.i}`);
    this.i++;
    return t;
  }

  /** Integer; `""` reads as 0. */
  int(): number {
    const t = this.str();
    if (t === "") return 0;
    if (!INT_RE.test(t)) this.fail(`field ${this.i - 1}: ${JSON.stringify(t)} is not an integer`);
    return Number(t);
  }

  /** Integer that may be unset: `""` or 2147483647 read as undefined. */
  intOpt(): number | undefined {
    const t = this.str();
    if (t === "") return undefined;
    if (!INT_RE.test(t)) this.fail(`field ${this.i - 1}: ${JSON.stringify(t)} is not an integer`);
    const v = Number(t);
    return v === INT_UNSET ? undefined : v;
  }

  /** Double that may be unset (`""`). "Infinity" is accepted (PEG BEST's compete-against-mid). */
  dbl(): number | undefined {
    const t = this.str();
    if (t === "") return undefined;
    const v = Number(t);
    if (Number.isNaN(v)) this.fail(`field ${this.i - 1}: ${JSON.stringify(t)} is not a number`);
    return v === Number.MAX_VALUE ? undefined : v;
  }

  /** Boolean sent as an int (or "true"/"false", which some clients send). `""` is false. */
  bool(): boolean {
    return this.boolOpt() ?? false;
  }

  /** Boolean that keeps "unset" apart from false. */
  boolOpt(): boolean | undefined {
    const t = this.str();
    if (t === "") return undefined;
    if (t === "true") return true;
    if (t === "false") return false;
    if (!INT_RE.test(t)) this.fail(`field ${this.i - 1}: ${JSON.stringify(t)} is not a boolean`);
    return Number(t) !== 0;
  }

  /** Assert the whole frame was consumed. */
  end(): void {
    if (this.i < this.tokens.length) this.fail(`${this.tokens.length - this.i} unexpected trailing field(s)`);
  }
}
