/**
 * The one error catalogue of cortana-node.
 *
 * Every error a user (or the outside world: a gateway, Redis, a scenario file) can cause is a
 * `CortanaError` with a stable `code` from `ERROR_CATALOGUE`, a one-line message that names the
 * fix, and the CLI exit code it maps to. The README documents every code (a test checks both
 * directions). Internal bugs stay plain `Error`s and show their stack.
 *
 * Add a code here, never inline: `new CortanaError("CORTANA_E_X", "message")`.
 */

/** CLI exit codes. Distinct per failure kind so a supervisor (systemd, launchd) can tell them apart. */
export const EXIT = {
  ok: 0,
  invalid: 1,
  usage: 2,
  missingFactory: 3,
  connectionTimeout: 4,
  reconciliationFailed: 5,
  portfolioTimeout: 6,
  connectionLost: 7,
  unhandled: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

interface CatalogueEntry {
  /** What the code means, as documented in the README. */
  readonly summary: string;
  readonly exitCode: ExitCode;
}

export const ERROR_CATALOGUE = {
  // --- config and CLI (foundation) ---
  CORTANA_E_USAGE: { summary: "Bad command-line usage: unknown command or option, missing argument.", exitCode: EXIT.usage },
  CORTANA_E_CONFIG_INVALID: { summary: "The config failed validation; every problem is listed with its path.", exitCode: EXIT.invalid },
  CORTANA_E_CONFIG_NOT_FOUND: { summary: "The config file does not exist or cannot be read.", exitCode: EXIT.invalid },
  CORTANA_E_CONFIG_LOAD: { summary: "The config file failed to import, threw, or has no default export.", exitCode: EXIT.invalid },
  CORTANA_E_CONFIG_FORMAT: { summary: "The config file has an extension that cannot be loaded (.ts .mts .js .mjs .json).", exitCode: EXIT.invalid },
  CORTANA_E_ENV_MISSING: { summary: "Environment variables read with fromEnv() are not set; all missing names are listed.", exitCode: EXIT.invalid },
  CORTANA_E_RATE_INVALID: { summary: "A rate string is not in the form `limit/HH:MM:SS` with a positive limit and interval.", exitCode: EXIT.invalid },
  CORTANA_E_IDENTIFIER_INVALID: { summary: "An identifier (trader id, instrument id, client order id...) is malformed.", exitCode: EXIT.invalid },

  // --- strategies and actors ---
  CORTANA_E_STRATEGY_IMPORT: { summary: "A strategy or actor path failed to import, or its export is missing or not a Strategy/Actor.", exitCode: EXIT.invalid },
  CORTANA_E_STRATEGY_CONFIG: { summary: "A strategy's or actor's own config failed its schema.", exitCode: EXIT.invalid },
  CORTANA_E_STRATEGY_HANDLER: { summary: "A strategy or actor handler threw; the event is logged and the node keeps its state.", exitCode: EXIT.unhandled },

  // --- node lifecycle ---
  CORTANA_E_NODE_EXISTS: { summary: "A second TradingNode was constructed while the first is not disposed (one node per process).", exitCode: EXIT.unhandled },
  CORTANA_E_NODE_STATE: { summary: "A node method was called in the wrong state (build twice, run before build...).", exitCode: EXIT.unhandled },
  CORTANA_E_MISSING_FACTORY: { summary: "A data or exec client has no registered factory; every missing one is listed.", exitCode: EXIT.missingFactory },
  CORTANA_E_FACTORY_KEY_INVALID: { summary: "A client factory key is empty or contains characters other than letters, digits, \"_\" and \".\".", exitCode: EXIT.unhandled },
  CORTANA_E_EXECUTOR_TASK: { summary: "A task run on the executor's worker pool failed; its error is delivered on the bus.", exitCode: EXIT.unhandled },
  CORTANA_E_FACTORY_DUPLICATE: { summary: "A client factory key was registered twice.", exitCode: EXIT.unhandled },
  CORTANA_E_CONNECTION_TIMEOUT: { summary: "Clients did not connect within timeoutConnection.", exitCode: EXIT.connectionTimeout },
  CORTANA_E_RECONCILIATION_FAILED: { summary: "Startup reconciliation failed or exceeded timeoutReconciliation.", exitCode: EXIT.reconciliationFailed },
  CORTANA_E_PORTFOLIO_TIMEOUT: { summary: "The portfolio did not initialize within timeoutPortfolio.", exitCode: EXIT.portfolioTimeout },
  CORTANA_E_CONNECTION_LOST: { summary: "The gateway stayed unreachable past the reconnect deadline; the supervisor should restart the process.", exitCode: EXIT.connectionLost },

  // --- model and engines ---
  CORTANA_E_INVALID_STATE_TRIGGER: { summary: "An order event is not valid in the order's current status.", exitCode: EXIT.unhandled },
  CORTANA_E_DUPLICATE_TRADE_ID: { summary: "A fill with an already applied trade id was applied to an order.", exitCode: EXIT.unhandled },
  CORTANA_E_MODEL_INVALID: { summary: "A model object (order, instrument, bar type, report) has fields inconsistent with its kind: a LIMIT without price, GTD without expire time, zero quantity...", exitCode: EXIT.unhandled },
  CORTANA_E_PRECISION: { summary: "A price or quantity has more decimals than the instrument allows, or is out of range.", exitCode: EXIT.unhandled },
  CORTANA_E_QUEUE_HANDLER: { summary: "An engine queue handler threw; the node shuts down (gracefulShutdownOnException) or exits 1.", exitCode: EXIT.unhandled },
  CORTANA_E_VENUE_UNREACHABLE: { summary: "An execution client report query was made while disconnected or timed out; the answer is unknown, not empty.", exitCode: EXIT.unhandled },
  CORTANA_E_REQUEST_FAILED: { summary: "A message-bus request found no endpoint, its handler threw, or no response came within its timeout.", exitCode: EXIT.unhandled },

  // --- IB adapter and gateways ---
  CORTANA_E_IB_CLIENT_ID_IN_USE: { summary: "The IB client id is already in use at the gateway (error 326); pick another ibgClientId or close the other session.", exitCode: EXIT.connectionTimeout },
  CORTANA_E_IB_ACCOUNT_NOT_MANAGED: { summary: "The exec client's accountId is not among the gateway's managed accounts.", exitCode: EXIT.invalid },
  CORTANA_E_IB_GATEWAY_TIMEZONE: { summary: "The gateway does not report UTC times; set its time zone to UTC.", exitCode: EXIT.invalid },
  CORTANA_E_IB_DISCONNECTED: { summary: "An IB query was made while disconnected or timed out; the answer is unknown, not empty.", exitCode: EXIT.unhandled },
  CORTANA_E_IB_READ_ONLY: { summary: "The exec client is readOnly; orders are refused.", exitCode: EXIT.invalid },
  CORTANA_E_IB_UNKNOWN_SYMBOL: { summary: "The gateway has no security definition for the requested instrument.", exitCode: EXIT.invalid },
  CORTANA_E_GATEWAY_START: { summary: "The managed gateway (docker or simulator) failed to start or its port did not open in time.", exitCode: EXIT.connectionTimeout },

  // --- simulator ---
  CORTANA_E_SCENARIO_INVALID: { summary: "A simulator scenario file failed validation; every problem is listed with its path.", exitCode: EXIT.invalid },
  CORTANA_E_SIM_STATE: { summary: "A simulator state file cannot be read or written.", exitCode: EXIT.invalid },
  CORTANA_E_SIM_PORT_IN_USE: { summary: "The simulator's port (or control port) is already in use.", exitCode: EXIT.usage },

  // --- Redis ---
  CORTANA_E_REDIS_UNREACHABLE: { summary: "Redis does not answer, refuses authentication, or is not writable.", exitCode: EXIT.invalid },
  CORTANA_E_REDIS_DECODE: { summary: "A record in Redis does not decode; it is reported with its key.", exitCode: EXIT.invalid },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** An error a user or the outside world caused: stable code, one-line message, exit code. */
export class CortanaError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  /** Extra structured detail (lists of problems, paths) for --json output. */
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; details?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CortanaError";
    this.code = code;
    this.exitCode = ERROR_CATALOGUE[code].exitCode;
    this.details = options?.details;
  }
}

export function isCortanaError(value: unknown): value is CortanaError {
  return value instanceof CortanaError;
}

/** Exhaustiveness guard for discriminated-union switches. */
export function assertNever(value: never, what = "value"): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
