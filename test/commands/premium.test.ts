// `premium 02N`: the 2013/14 Quality Premium projected from the figures held, checked against a hand computation
// from the reference file's rules (prisma/reference/outcomes-and-quality-premium.json), with its unverified parts
// shown as such and a measure without figures (or without an indicator) shown as missing, never met.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../src/core";
import { PremiumService } from "../../src/core/premium/premium";
import { fixedClock } from "../../src/core/time";
import { consolePerson } from "../support/console-person";
import { seededTestDatabase, type TestDatabase } from "../support/test-database";

const clock = fixedClock("2015-06-20T10:00:00Z");
let core: Core;
let t: TestDatabase;
let premium: PremiumService;

const months = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2013, 3 + i, 1)));

beforeAll(async () => {
  t = await seededTestDatabase({ demo: false });
  core = createCore(t.db.prisma, clock);
  premium = new PremiumService(t.db.prisma, core.organisations);
  const value = (o: string, i: string, periodStart: Date, v: number) =>
    t.db.prisma.indicatorValue.create({
      data: { organisationCode: o, indicatorCode: i, periodStart, value: v, source: "test" },
    });
  // 02N: PYLL 250 → 240 (−4%: at least 3.2% down, met); emergency admissions: 2.6 down, 2.7 unchanged, 3.1 up
  // (not met); MRSA none in 12 months and C. difficile 24 cases against an objective of 36 (met).
  await value("02N", "ois_1_1", new Date("2013-01-01"), 250);
  await value("02N", "ois_1_1", new Date("2014-01-01"), 240);
  for (const [code, a, b] of [
    ["ois_2_6", 100, 98],
    ["ois_2_7", 50, 50],
    ["ois_3_1", 120, 125],
  ] as const) {
    await value("02N", code, new Date("2013-04-01"), a);
    await value("02N", code, new Date("2014-04-01"), b);
  }
  for (const m of months(12)) {
    await value("02N", "mrsa_bacteraemia", m, 0);
    await value("02N", "c_difficile", m, 2);
    await t.db.prisma.planTrajectory.create({
      data: { organisationCode: "02N", indicatorCode: "c_difficile", periodStart: m, value: 3, source: "test" },
    });
  }
  // 02W: PYLL only for 2013 (missing 2014), and 7 months of infections so far with no MRSA (on track).
  await value("02W", "ois_1_1", new Date("2013-01-01"), 300);
  for (const m of months(7)) {
    await value("02W", "mrsa_bacteraemia", m, 0);
    await value("02W", "c_difficile", m, 1);
  }
  for (const m of months(12))
    await t.db.prisma.planTrajectory.create({
      data: { organisationCode: "02W", indicatorCode: "c_difficile", periodStart: m, value: 3, source: "test" },
    });
  // 02T: one MRSA case: the infections measure is lost whatever else comes.
  await value("02T", "mrsa_bacteraemia", new Date("2013-05-01"), 1);
  // 03A: no population held.
  await t.db.prisma.organisation.update({ where: { code: "03A" }, data: { patients: null } });
});
afterAll(() => t.cleanup());

describe("the 2013/14 Quality Premium of a CCG", () => {
  it("matches the hand computation from the reference file's weights and rules", async () => {
    const p = await premium.projectionOf("02N");
    // By hand: 156,565 registered patients (ccgs-2013.csv, Jul–Sep 2013) × £5 = £782,825 at most.
    expect(p.population).toBe(156_565);
    expect(p.maximum).toBe(782_825);
    const byKey = Object.fromEntries(p.measures.map((m) => [m.key, m]));
    // Weights: PYLL 12.5%, emergency admissions 25%, FFT 12.5%, infections 12.5%, three local measures 37.5%.
    expect(p.measures.map((m) => [m.key, m.weightPct])).toEqual([
      ["pyll", 12.5],
      ["emergency", 25],
      ["fft", 12.5],
      ["hcai", 12.5],
      ["local", 37.5],
    ]);
    expect(p.measures.reduce((s, m) => s + m.weightPct, 0)).toBe(100);
    expect(byKey.pyll!.state).toBe("met"); // (240 − 250) / 250 = −4%, at least −3.2%
    expect(byKey.emergency!.state).toBe("not met"); // 3.1: 120 → 125
    expect(byKey.fft!.state).toBe("missing"); // no indicator in the catalogue
    expect(byKey.hcai!.state).toBe("met"); // MRSA 0; C. difficile 24 ≤ 36
    expect(byKey.local!.state).toBe("missing");
    // Met: 12.5% + 12.5% = 25% of £782,825 = £195,706.25; unknown: FFT 12.5% + local 37.5% = 50%.
    expect(p.projectedPct).toBe(25);
    expect(p.projected).toBeCloseTo(195_706.25, 6);
    expect(p.unknownPct).toBe(50);
    expect(byKey.emergency!.worth).toBeCloseTo(195_706.25, 6);
    expect(p.demo).toBe(false);
  });

  it("says it in the chat: each measure's rule and state, what is missing, and the unverified parts as such", async () => {
    const anyone = await consolePerson(core, "Jo Smith", "02N");
    const { text, isError } = await anyone.run("premium 02N");
    expect(isError).toBe(false);
    expect(text).toMatch(/Projected on current figures: £195,706 of up to £782,825 \(25%\), before the gateways/);
    expect(text).toMatch(/50% of the premium can't be judged yet/);
    expect(text).toMatch(/156,565 registered patients/);
    expect(text).toMatch(/✓ met — Reducing potential years of life lost .*\(12\.5%, £97,853\)/);
    expect(text).toMatch(/ois_1_1: 250 per 100,000 in 2013 → 240 per 100,000 in 2014 \(−4%; needs −3\.2% or more\)/);
    expect(text).toMatch(/✗ not met — Reducing avoidable emergency admissions \(25%, £195,706\)/);
    expect(text).toMatch(/ois_3_1: 120 per 100,000 in 2013\/14 → 125 per 100,000 in 2014\/15 \(\+4\.2%\)/);
    expect(text).toMatch(
      /\? missing — Friends and Family Test .*no Friends and Family Test indicator in the catalogue/s,
    );
    expect(text).toMatch(/C\. difficile: 24 cases in 12 of 12 months \(objective 36\)/);
    expect(text).toMatch(/\? missing — 3 local measures \(37\.5%, £293,559\)/);
    // What the reference file does not verify is marked, and no weight or amount is given to it.
    expect(text).toMatch(/UNVERIFIED: Reductions linked to NHS Constitution standards .* NOT verified/);
    expect(text).toMatch(/Not verified: no reduction is applied and none is assumed/);
    expect(text).toMatch(/UNVERIFIED: No payment if the CCG fails financially/);
    expect(text).toMatch(/up to £5 a head = £782,825 \(reported, not verified\)/);
    expect(text).toMatch(/final weights not re-checked/);
  });

  it("shows figures still to come as missing, a year in progress as on track, and a case of MRSA as lost", async () => {
    const w = await premium.projectionOf("02W");
    const byKey = Object.fromEntries(w.measures.map((m) => [m.key, m]));
    expect(byKey.pyll!.state).toBe("missing");
    expect(byKey.pyll!.missing).toEqual(["ois_1_1 for 2014"]);
    expect(byKey.emergency!.state).toBe("missing");
    expect(byKey.hcai!.state).toBe("on track"); // 0 MRSA, 7 C. difficile against 36, 7 of 12 months
    // 119,885 × £5 × 12.5% = £74,928.125
    expect(w.projected).toBeCloseTo(74_928.125, 6);
    expect(w.unknownPct).toBe(87.5);
    const t2 = await premium.projectionOf("02T");
    const hcai = t2.measures.find((m) => m.key === "hcai")!;
    expect(hcai.state).toBe("not met"); // C. difficile has no figures, but one MRSA case already loses it
    expect(t2.projectedPct).toBe(0);
  });

  it("says when a CCG's population is not held, and shows shares only", async () => {
    const anyone = await consolePerson(core, "Jo Smith", "02N");
    const { text } = await anyone.run("premium 03A");
    expect(text).toMatch(/not held for 03A: the premium is shown as shares only/);
    expect(text).toMatch(/Projected on current figures: 0% of the premium/);
    expect(text).not.toMatch(/£\d[\d,]{3,}/);
    expect((await anyone.run("premium Q52")).isError).toBe(true);
  });
});

describe("the Quality Premium on the demo seed (reference data and the demo figures of 20 Nov 2013)", () => {
  let demo: TestDatabase;
  beforeAll(async () => {
    demo = await seededTestDatabase({ demo: true });
  }, 180_000);
  afterAll(() => demo.cleanup());

  it("uses the seeded MRSA figures, finds no figures for the rest, and says the figures are demo data", async () => {
    // The seed's figures for 02N in 2013/14 so far: MRSA cases April to September 2013 (published by 20 November);
    // C. difficile and the outcome indicators have no national standard, so the demo seed gives them no figures.
    const mrsa = await demo.db.prisma.indicatorValue.findMany({
      where: {
        organisationCode: "02N",
        indicatorCode: "mrsa_bacteraemia",
        periodStart: { gte: new Date("2013-04-01") },
      },
      orderBy: { periodStart: "asc" },
    });
    expect(mrsa.map((v) => v.value)).toEqual([0, 1, 0, 1, 1, 1]);
    expect(
      await demo.db.prisma.indicatorValue.count({
        where: {
          organisationCode: "02N",
          indicatorCode: { in: ["ois_1_1", "ois_2_6", "ois_2_7", "ois_3_1", "c_difficile"] },
        },
      }),
    ).toBe(0);
    // By hand: 4 MRSA cases already lose the infections measure (12.5%); PYLL, emergency admissions, FFT and the
    // local measures are missing: 12.5 + 25 + 12.5 + 37.5 = 87.5% not yet known; nothing is met: £0 of £782,825.
    const demoCore = createCore(demo.db.prisma, fixedClock("2013-11-20T12:00:00Z"));
    const jo = await consolePerson(demoCore, "Jo Smith", "02N");
    const { text } = await jo.run("premium 02N");
    expect(text).toMatch(/Projected on current figures: £0 of up to £782,825 \(0%\), before the gateways\. 87\.5%/);
    expect(text).toMatch(/✗ not met — Preventing healthcare-associated infections/);
    expect(text).toMatch(/MRSA bacteraemia: 4 cases in 6 of 12 months \(needs none\)/);
    expect(text).toMatch(/Missing: C\. difficile cases for 2013\/14; the CCG's C\. difficile objective/);
    expect(text).toMatch(/Missing: ois_1_1 for 2013; ois_1_1 for 2014/);
    expect(text).toMatch(/Demo data: generated figures, not published statistics/);
  }, 60_000);
});
