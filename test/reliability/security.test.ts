// Request authentication and duplicate deliveries, on the real Slack (Bolt) and Teams (Teams SDK) paths.
// Attacks: forged, tampered, unsigned and replayed Slack requests; Teams requests with no token, a forged or
// expired one, the wrong audience or issuer, or a serviceUrl the token was not issued for. Each is refused and
// changes nothing. Duplicates: the same command, click, event and activity delivered again (at once and later)
// creates one discussion, one action and one agreement.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackWorld, sign, SIGNING_SECRET } from "../slack/harness";
import { CLIENT_ID, startHarness, users, type Harness } from "../teams/harness";
import { tally } from "./counts";

const jo = { teamId: "T02N", userId: "U_JO", name: "jo" }; // 02N, a CCG
const sam = { teamId: "T02N", userId: "U_SAM", name: "sam" }; // Q52, its area team

describe("Slack", () => {
  const world = new SlackWorld();
  const state = async () => ({
    discussions: await world.prisma.discussion.count(),
    actions: await world.prisma.action.count(),
    events: await world.prisma.actionEvent.count(),
    answers: world.fake.responses.length,
  });

  beforeAll(async () => {
    await world.start();
    await world.core.people.register({ platform: "SLACK", tenantId: "T02N", userId: "U_JO" }, "02N", "ADMIN");
    await world.core.people.register({ platform: "SLACK", tenantId: "T02N", userId: "U_SAM" }, "Q52", "MEMBER");
  });
  afterAll(() => world.stop());

  it("refuses forged, tampered, unsigned and replayed requests, and nothing changes", async () => {
    const form = (text: string) =>
      new URLSearchParams({
        team_id: "T02N",
        user_id: "U_JO",
        user_name: "jo",
        channel_id: "C02N",
        command: "/plan",
        text,
        response_url: world.fake.responseUrl(randomUUID()),
        trigger_id: randomUUID(),
      }).toString();
    const now = Math.floor(Date.now() / 1000);
    const before = await state();
    const attacks: [string, () => Promise<Response>][] = [
      [
        "forged (another secret)",
        () => {
          const b = form("discuss 02N forged");
          return world.post(b, "application/x-www-form-urlencoded", sign(b, now, "not-the-secret"));
        },
      ],
      [
        "tampered after signing",
        () => {
          const b = form("discuss 02N honest");
          return world.post(b.replace("honest", "tampered"), "application/x-www-form-urlencoded", sign(b));
        },
      ],
      ["no signature", () => world.post(form("discuss 02N unsigned"), "application/x-www-form-urlencoded", {})],
      [
        "signature, no timestamp",
        () => {
          const b = form("discuss 02N half");
          const { "x-slack-signature": s } = sign(b);
          return world.post(b, "application/x-www-form-urlencoded", { "x-slack-signature": s });
        },
      ],
      [
        "replayed 6 minutes later",
        () => {
          const b = form("discuss 02N replay");
          return world.post(b, "application/x-www-form-urlencoded", sign(b, now - 360));
        },
      ],
      [
        "replayed from 10 minutes in the future",
        () => {
          const b = form("discuss 02N future");
          return world.post(b, "application/x-www-form-urlencoded", sign(b, now + 600));
        },
      ],
      [
        "signed for another timestamp",
        () => {
          const b = form("discuss 02N other-ts");
          return world.post(b, "application/x-www-form-urlencoded", {
            ...sign(b, now - 1),
            "x-slack-request-timestamp": String(now),
          });
        },
      ],
      [
        "an interaction, forged",
        () => {
          const b = new URLSearchParams({
            payload: JSON.stringify({
              type: "block_actions",
              team: { id: "T02N" },
              user: { id: "U_SAM" },
              actions: [{ action_id: "action.agree", value: '{"actionId":1}' }],
            }),
          }).toString();
          return world.post(b, "application/x-www-form-urlencoded", sign(b, now, "wrong-secret-1234"));
        },
      ],
      [
        "an event, forged",
        () => {
          const b = JSON.stringify({
            type: "event_callback",
            team_id: "T02N",
            event_id: "EvF",
            event: { type: "app_mention", user: "U_JO", text: "discuss 02N ev", channel: "C02N", ts: "1.1" },
          });
          return world.post(b, "application/json", sign(b, now, "wrong-secret-1234"));
        },
      ],
    ];
    let rejected = 0;
    const accepted: string[] = [];
    for (const [what, attack] of attacks) {
      const res = await attack();
      if (res.status === 401 || res.status === 403) rejected++;
      else accepted.push(`${what}: HTTP ${res.status}`);
    }
    await world.settle();
    tally("security-slack", { attacksRejected: rejected, attacksAccepted: accepted.length });
    expect(accepted).toEqual([]);
    expect(await state()).toEqual(before);
    expect(SIGNING_SECRET).not.toBe("not-the-secret");
  });

  it("the same command, click and event delivered again create one discussion, one action, one agreement", async () => {
    const trigger = randomUUID();
    // Slack re-sends a slash command it thinks timed out; here five copies arrive together.
    await Promise.all([
      world.plan(jo, "discuss 02N Duplicate deliveries", "C02N", { triggerId: trigger }),
      ...[1, 2, 3, 4].map((retry) =>
        world.plan(jo, "discuss 02N Duplicate deliveries", "C02N", { triggerId: trigger, retry }),
      ),
    ]);
    await world.settle();
    const discussions = await world.prisma.discussion.findMany({ where: { topic: "Duplicate deliveries" } });
    const d = discussions[0]!;
    const actionTrigger = randomUUID();
    for (let i = 0; i < 3; i++)
      await world.plan(jo, `action D${d.id} Share the recovery plan due 29 Nov`, "C02N", {
        triggerId: actionTrigger,
        ...(i ? { retry: i } : {}),
      });
    await world.settle();
    const actions = await world.prisma.action.findMany({ where: { discussionId: d.id } });
    // The area team's agreement: the same click three times, two of them at once.
    const click = randomUUID();
    await Promise.all([
      world.click(sam, "action.agree", { actionId: actions[0]!.id }, "C02N", click),
      world.click(sam, "action.agree", { actionId: actions[0]!.id }, "C02N", click),
    ]);
    await world.click(sam, "action.agree", { actionId: actions[0]!.id }, "C02N", click);
    // An app_mention event delivered three times.
    const eventId = `Ev${randomUUID()}`;
    for (let i = 0; i < 3; i++)
      await world.event(
        "T02N",
        {
          type: "app_mention",
          user: "U_JO",
          text: "<@UBOT> discuss 02N Mentioned once",
          channel: "C02N",
          ts: "1700.5",
        },
        eventId,
      );
    await world.settle();
    const agreements = await world.prisma.actionEvent.count({ where: { actionId: actions[0]!.id, kind: "agreed" } });
    const mentioned = await world.prisma.discussion.count({ where: { topic: "Mentioned once" } });
    const extra = discussions.length - 1 + (actions.length - 1) + (agreements - 1) + (mentioned - 1);
    tally("security-slack", { duplicateDeliveries: 4 + 2 + 2 + 2, duplicatesCreated: Math.max(0, extra) });
    expect([discussions.length, actions.length, agreements, mentioned]).toEqual([1, 1, 1, 1]);
    expect((await world.prisma.action.findUniqueOrThrow({ where: { id: actions[0]!.id } })).status).toBe("AGREED");
  });
});

describe("Teams", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ authenticated: true });
    await h.register(users.jo, "02N", "ADMIN");
  });
  afterAll(() => h.close());

  it("refuses requests without a valid token for this bot, and nothing changes", async () => {
    const before = { discussions: await h.core.prisma.discussion.count(), sends: h.connector.sends().length };
    const activity = () => h.message(users.jo, "discuss 02N Attack", { kind: "personal", user: users.jo });
    const token = (claims: Record<string, unknown>, options?: { forgedKey?: boolean; expiresInSeconds?: number }) =>
      `Bearer ${h.connector.signToken(claims, options)}`;
    const attacks: [string, (a: Record<string, unknown>) => string | null][] = [
      ["no token", () => null],
      ["not a JWT", () => "Bearer abc.def"],
      ["another scheme", () => "Basic am86c2VjcmV0"],
      ["signed with another key", (a) => token({ aud: CLIENT_ID, serviceurl: a.serviceUrl }, { forgedKey: true })],
      ["for another bot", (a) => token({ aud: "11111111-2222-3333-4444-555555555555", serviceurl: a.serviceUrl })],
      ["expired", (a) => token({ aud: CLIENT_ID, serviceurl: a.serviceUrl }, { expiresInSeconds: -600 })],
      [
        "from another issuer",
        (a) => token({ aud: CLIENT_ID, serviceurl: a.serviceUrl, iss: "https://login.example.org" }),
      ],
      ["for another serviceUrl", () => token({ aud: CLIENT_ID, serviceurl: "https://smba.trafficmanager.net/other/" })],
    ];
    // Correctly signed, but who is speaking would come from fields another Bot Framework channel's client chooses.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an activity, reshaped as a client would send it
    type Loose = Record<string, any>;
    const identityAttacks: [string, (a: Loose) => void][] = [
      ["signed, from Direct Line", (a) => void (a.channelId = "directline")],
      ["signed, from Web Chat", (a) => void (a.channelId = "webchat")],
      ["signed, from the Emulator", (a) => void (a.channelId = "emulator")],
      ["signed, no from.aadObjectId", (a) => void delete a.from.aadObjectId],
      [
        "signed, the conversation's tenant and channelData's disagree",
        (a) => {
          a.conversation = { ...a.conversation, tenantId: "tenant-of-the-activity" };
          a.channelData = { ...a.channelData, tenant: { id: "another-tenant" } };
        },
      ],
    ];
    let rejected = 0;
    const accepted: string[] = [];
    for (const [what, auth] of attacks) {
      const a = activity();
      const res = await h.post(a, { authorization: auth(a) });
      if (res.status === 401 || res.status === 403) rejected++;
      else accepted.push(`${what}: HTTP ${res.status}`);
    }
    for (const [what, alter] of identityAttacks) {
      const a = activity() as Loose;
      alter(a);
      const res = await h.post(a, { authorization: token({ aud: CLIENT_ID, serviceurl: a.serviceUrl }) });
      if (res.status === 401 || res.status === 403) rejected++;
      else accepted.push(`${what}: HTTP ${res.status}`);
    }
    await h.channel.drain();
    tally("security-teams", { attacksRejected: rejected, attacksAccepted: accepted.length });
    expect(accepted).toEqual([]);
    expect({ discussions: await h.core.prisma.discussion.count(), sends: h.connector.sends().length }).toEqual(before);
  });

  it("the same activity delivered three times opens one discussion", async () => {
    const a = h.message(users.jo, "discuss 02N Teams retry", { kind: "personal", user: users.jo });
    await Promise.all([h.post(a), h.post(a)]);
    await h.post(a);
    await h.channel.drain();
    const n = await h.core.prisma.discussion.count({ where: { topic: "Teams retry" } });
    tally("security-teams", { duplicateDeliveries: 2, duplicatesCreated: Math.max(0, n - 1) });
    expect(n).toBe(1);
  });
});
