// Encryption at rest for what a platform's OAuth gives us to keep (Slack bot tokens): AES-256-GCM with a key
// derived (HKDF-SHA-256) from SLACK_INSTALLATION_KEY, a fresh 12-byte IV per write, and the record's id as
// additional data, so a sealed record copied onto another workspace's row does not open. Node's own crypto: the
// construction is a few lines, and a library would add a dependency for no extra safety.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";

export interface Sealed {
  sealed: string;
}

export const isSealed = (value: unknown): value is Sealed =>
  typeof value === "object" && value !== null && typeof (value as Sealed).sealed === "string";

export class SealError extends Error {}

export class Sealer {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync("sha256", secret, "plan-dialogue", "installation-records", 32));
  }

  seal(id: string, value: unknown): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(id));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
    return { sealed: [VERSION, ...parts].join(".") };
  }

  open(id: string, sealed: Sealed): unknown {
    const [version, iv, tag, body] = sealed.sealed.split(".");
    if (version !== VERSION || !iv || !tag || body === undefined) throw new SealError(`unknown sealed format`);
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      const text = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
      return JSON.parse(text) as unknown;
    } catch {
      throw new SealError(
        `The stored installation ${id} cannot be opened: SLACK_INSTALLATION_KEY is not the key it was saved with, ` +
          `or the record was altered. Reinstall the app in that workspace, or restore the key.`,
      );
    }
  }
}
