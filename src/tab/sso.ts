// The Teams SSO token of the person using the tab (teams-js `authentication.getAuthToken()`), verified here:
// RS256 signature by Microsoft Entra's published keys, audience = the bot's Entra app (TEAMS_CLIENT_ID or its
// Application ID URI), an Entra issuer for the token's own tenant, not expired. Only then is it a person.
import jwt, { type JwtHeader, type JwtPayload, type SigningKeyCallback } from "jsonwebtoken";
import { JwksClient } from "jwks-rsa";
import { z } from "zod";

export const ENTRA_JWKS_URI = "https://login.microsoftonline.com/common/discovery/v2.0/keys";
export const ENTRA_LOGIN = "https://login.microsoftonline.com";

export interface SsoOptions {
  /** the bot's Entra app (client) id: the token's audience */
  clientId: string;
  /** also accepted as audience, e.g. api://plan-dialogue.example.nhs.uk/<clientId> */
  applicationIdUri?: string;
  /** restrict to one tenant (single-tenant deployments); default: any tenant */
  tenantId?: string;
  /** where Entra's signing keys are published (tests: a local JWKS) */
  jwksUri?: string;
  loginEndpoint?: string;
}

export interface SsoPerson {
  tenantId: string;
  /** Entra object id: how the bot knows Teams users (from.aadObjectId) */
  objectId: string;
  name?: string;
}

export class SsoError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "SsoError";
  }
}

const claims = z.object({
  tid: z.string().min(1),
  oid: z.string().min(1),
  iss: z.string(),
  name: z.string().optional(),
});

export class TeamsSsoVerifier {
  private readonly jwks: JwksClient;

  constructor(private readonly options: SsoOptions) {
    this.jwks = new JwksClient({
      jwksUri: options.jwksUri ?? ENTRA_JWKS_URI,
      cache: true,
      rateLimit: true,
      jwksRequestsPerMinute: 10,
    });
  }

  private key = (header: JwtHeader, callback: SigningKeyCallback) => {
    this.jwks.getSigningKey(header.kid, (error, key) => callback(error ?? null, key?.getPublicKey()));
  };

  async verify(token: string): Promise<SsoPerson> {
    const audience = [
      this.options.clientId,
      `api://${this.options.clientId}`,
      ...(this.options.applicationIdUri ? [this.options.applicationIdUri] : []),
    ];
    const payload = await new Promise<JwtPayload>((resolve, reject) => {
      jwt.verify(
        token,
        this.key,
        { algorithms: ["RS256"], audience: audience as [string, ...string[]], clockTolerance: 60 },
        (error, decoded) => {
          if (error) reject(new SsoError(error.message));
          else if (!decoded || typeof decoded === "string") reject(new SsoError("token has no claims"));
          else resolve(decoded);
        },
      );
    });
    const parsed = claims.safeParse(payload);
    if (!parsed.success) throw new SsoError("token is missing the tenant or user");
    const { tid, oid, iss, name } = parsed.data;
    const login = this.options.loginEndpoint ?? ENTRA_LOGIN;
    if (iss !== `${login}/${tid}/v2.0` && iss !== `https://sts.windows.net/${tid}/`)
      throw new SsoError("token was not issued by Microsoft Entra for its tenant");
    if (this.options.tenantId && tid !== this.options.tenantId) throw new SsoError("token is from another tenant");
    return { tenantId: tid, objectId: oid, ...(name ? { name } : {}) };
  }
}
