// pino-roll ships no types; this is the part of its API the logger uses.
declare module "pino-roll" {
  import type { DestinationStream } from "pino";
  interface RollOptions {
    file: string;
    size?: string | number;
    frequency?: string | number;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    extension?: string;
  }
  export default function roll(options: RollOptions): Promise<DestinationStream & NodeJS.EventEmitter & { end(): void }>;
}
