// A local stand-in for Slack's Socket Mode WebSocket: the URL apps.connections.open hands out (FakeSlackWebApi
// answers it with this server's URL), a `hello` on connect, envelopes sent to the app, and the app's acks recorded
// as Slack would read them. Protocol: https://api.slack.com/apis/socket-mode
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class FakeSlackSocketMode {
  private server?: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly waiting = new Map<string, (ack: Ack) => void>();
  readonly acks: Ack[] = [];
  /** resolves when an app has connected and been greeted */
  connected!: Promise<void>;
  private markConnected!: () => void;
  url = "";

  async start(): Promise<this> {
    this.connected = new Promise((resolve) => (this.markConnected = resolve));
    this.server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("message", (data) => {
        const ack = JSON.parse(String(data)) as Ack;
        if (!ack.envelope_id) return;
        this.acks.push(ack);
        this.waiting.get(ack.envelope_id)?.(ack);
      });
      socket.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A1" } }));
      this.markConnected();
    });
    await new Promise<void>((resolve) => this.server!.on("listening", resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link/?ticket=test`;
    return this;
  }

  get connections() {
    return this.sockets.size;
  }

  /** Sends one envelope to the connected app; resolves with the app's ack. */
  send(type: "slash_commands" | "interactive" | "events_api", payload: Record<string, unknown>): Promise<Ack> {
    const envelopeId = randomUUID();
    const acked = new Promise<Ack>((resolve) => this.waiting.set(envelopeId, resolve));
    const envelope = { envelope_id: envelopeId, type, payload, accepts_response_payload: type !== "events_api" };
    for (const socket of this.sockets) socket.send(JSON.stringify(envelope));
    return acked;
  }

  async stop() {
    for (const socket of this.sockets) socket.terminate();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
