/**
 * Loopback HTTP JSON control API of the simulator (node:http), the same operations as the
 * in-process `Simulator`:
 *
 *   GET  /health                 {ok, port}
 *   GET  /truth                  everything below in one object
 *   GET  /orders                 {open, completed}
 *   GET  /executions             [{execution, commission}]
 *   GET  /positions              [PositionRow]
 *   GET  /account                {account: AccountValue[]} for every managed account
 *   GET  /sessions               the gateway's live connections
 *   POST /faults                 a scenario fault object ({"kind": "gatewayRestart", "downSecs": 5}, ...)
 *   POST /prices                 {"conId": 756733, "price": 601.5}
 *   POST /orders/external        an externalOrder fault without "kind" (an order placed in TWS)
 *
 * Answers: 200 {ok: true, value}; 409 {ok: false, reason} when the venue refuses; 400 on a bad
 * body (zod issues listed); 404 on an unknown route. Bodies are capped at 1 MiB.
 */
import http from "node:http";
import { z } from "zod";
import type { Logger } from "../../common/logger.js";
import { faultSchema } from "../scenario/index.js";
import type { VenueResult } from "../venue/api.js";
import type { Simulator } from "./simulator.js";

const MAX_BODY = 1 << 20;

const priceBody = z.strictObject({ conId: z.number().int().positive(), price: z.number().positive() });

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class ControlHttpServer {
  private server: http.Server | undefined;
  private boundPort = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly logger: Logger,
  ) {}

  get port(): number {
    return this.boundPort;
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = http.createServer((req, res) => void this.handle(req, res));
      server.once("error", reject);
      server.listen(port, host, () => {
        const addr = server.address();
        this.boundPort = typeof addr === "object" && addr !== null ? addr.port : port;
        this.server = server;
        this.logger.info({ host, port: this.boundPort }, "control API listening");
        resolve(this.boundPort);
      });
    });
  }

  close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (s === undefined) return Promise.resolve();
    s.closeAllConnections();
    return new Promise((resolve) => s.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const body = req.method === "POST" ? await readJson(req) : undefined;
      const out = await this.route(req.method ?? "GET", url.pathname, body);
      send(res, out.ok ? 200 : 409, out);
    } catch (err) {
      if (err instanceof HttpError) {
        send(res, err.status, { ok: false, reason: err.message, details: err.details });
        return;
      }
      this.logger.error({ err }, "control API request failed");
      send(res, 500, { ok: false, reason: err instanceof Error ? err.message : String(err) });
    }
  }

  private async route(method: string, path: string, body: unknown): Promise<VenueResult<unknown>> {
    const t = (): ReturnType<Simulator["truth"]> => this.sim.truth();
    if (method === "GET") {
      switch (path) {
        case "/health":
          return { ok: true, value: { port: this.sim.port } };
        case "/truth":
          return { ok: true, value: t() };
        case "/orders": {
          const x = t();
          return { ok: true, value: { open: x.openOrders, completed: x.completedOrders } };
        }
        case "/executions":
          return { ok: true, value: t().executions };
        case "/positions":
          return { ok: true, value: t().positions };
        case "/account":
          return { ok: true, value: t().accountValues };
        case "/sessions":
          return { ok: true, value: t().sessions };
      }
    }
    if (method === "POST") {
      switch (path) {
        case "/faults":
          return this.sim.fault(parse(faultSchema, body));
        case "/prices": {
          const p = parse(priceBody, body);
          return this.sim.venue.movePrice(p.conId, p.price);
        }
        case "/orders/external":
          return this.sim.fault(parse(faultSchema, { ...(body as object), kind: "externalOrder" }));
      }
    }
    throw new HttpError(404, `no route ${method} ${path}`);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new HttpError(400, "invalid body", r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, "body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "") return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, "body is not JSON"));
      }
    });
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
