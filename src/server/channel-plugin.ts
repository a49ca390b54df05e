// A platform channel (Slack, Teams, the tab) plugs into the one server through this interface.
import type { Express } from "express";

export interface ChannelPlugin {
  name: string;
  /** adds its HTTP routes */
  mount(app: Express): void;
  /** starts anything that is not HTTP (Socket Mode) */
  start?(): Promise<void>;
  /** stops taking work and finishes what is in flight */
  stop?(): Promise<void>;
}
