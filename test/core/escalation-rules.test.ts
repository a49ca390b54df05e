// Each escalation rule's boundary, on plain figures: what fires and what does not, and the occurrence key that makes
// one review item per occurrence. The rules file in the repository is valid; a bad one is refused whole.
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  actionOverdue,
  checkpointViewsDiffer,
  constitutionRed,
  planBelowStandard,
  type IndicatorSeries,
  type PeriodRag,
} from "../../src/core/escalation/rules";
import {
  DEFAULT_RULES_FILE,
  loadEscalationRules,
  RulesFile,
  type EscalationRule,
} from "../../src/core/escalation/rules-file";
import { renderText } from "../../src/reply/text";
import { rulesReply } from "../../src/reply/views/escalation";
import type { Rag } from "../../src/core/indicators/status-types";

const rules = loadEscalationRules();
const rule = <K extends EscalationRule["kind"]>(kind: K) =>
  rules.rules.find((r) => r.kind === kind) as Extract<EscalationRule, { kind: K }>;
const parties = { ccgCode: "02N", areaTeamCode: "Q52" };
const month = (m: number) => new Date(Date.UTC(2013, m - 1, 1));
const series = (rags: [number, Rag][]): IndicatorSeries => ({
  ...parties,
  indicator: { code: "ae_4hr", name: "A&E 4-hour", period: "MONTH", standard: "95.0%" },
  periods: rags.map(([m, rag]): PeriodRag => ({
    periodStart: month(m),
    shown: rag === "red" ? "90.0%" : "96.0%",
    rag,
  })),
});

describe("the rules file", () => {
  it("is re-read when it changes; a bad new file keeps the previous rules and is reported once", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rules-"));
    const file = path.join(dir, "rules.json");
    const text = readFileSync(DEFAULT_RULES_FILE, "utf8");
    let tick = 1_000_000;
    // Each write gets a later modification time, as an edit a moment later would.
    const write = (t: string) => {
      writeFileSync(file, t);
      tick += 10;
      utimesSync(file, tick, tick);
    };
    const reports: string[] = [];
    write(text);
    const source = new RulesFile(file, (m) => reports.push(m));
    const first = source.current();
    expect(first.rules.version).toBe(rules.version);
    expect(first.hash).toMatch(/^[0-9a-f]{12}$/);
    expect(source.current()).toBe(first); // unchanged: not re-read

    const changed = JSON.parse(text) as { version: number; rules: Record<string, unknown>[] };
    changed.version = rules.version + 1;
    changed.rules = changed.rules.map((r) => (r.kind === "constitution-red" ? { ...r, consecutivePeriods: 2 } : r));
    write(JSON.stringify(changed, null, 2));
    const second = source.current();
    expect(second.rules.version).toBe(rules.version + 1);
    expect(second.hash).not.toBe(first.hash);
    expect(second.rules.rules.find((r) => r.kind === "constitution-red")).toMatchObject({ consecutivePeriods: 2 });

    write("{ half an edit");
    const kept = source.current();
    expect(kept.rules).toBe(second.rules);
    expect(kept.problem).toMatch(/could not be read.*previous rules \(version \d+, [0-9a-f]{12}\) stay in force/);
    write("{ half an edit");
    source.current();
    source.current();
    expect(reports).toHaveLength(1); // once per bad text, not every run
    expect(renderText(rulesReply(kept, "config/escalation-rules.json"))).toMatch(
      new RegExp(`version ${rules.version + 1}, ${second.hash}[\\s\\S]*A newer rules file was not used`),
    );

    write(text); // fixed (back to the first): in force again, the problem gone
    const fixed = source.current();
    expect([fixed.rules.version, fixed.hash, fixed.problem]).toEqual([rules.version, first.hash, undefined]);
    expect(renderText(rulesReply(fixed, "f"))).not.toMatch(/A newer rules file was not used/);
  });

  it("a bad file at the first read is refused (there are no previous rules to keep)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rules-"));
    const file = path.join(dir, "rules.json");
    writeFileSync(file, "[]");
    expect(() => new RulesFile(file, () => undefined).current()).toThrow(/not valid/);
  });

  it("config/escalation-rules.json is valid and holds the four rules", () => {
    expect(rules.version).toBeGreaterThanOrEqual(1);
    expect(rules.rules.map((r) => r.kind).sort()).toEqual([
      "action-overdue",
      "checkpoint-views-differ",
      "constitution-red",
      "plan-below-standard",
    ]);
    expect(rule("constitution-red").consecutivePeriods).toBe(3);
    expect(rule("action-overdue").workingDays).toBe(20);
  });

  it("a bad file is refused, naming what is wrong", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rules-"));
    const file = path.join(dir, "rules.json");
    writeFileSync(
      file,
      JSON.stringify({
        version: 2,
        rules: [{ id: "x1", kind: "constitution-red", description: "d", consecutivePeriods: 0 }],
      }),
    );
    expect(() => loadEscalationRules(file)).toThrow(/not valid: rules\.0\.consecutivePeriods/);
    writeFileSync(file, "{ not json");
    expect(() => loadEscalationRules(file)).toThrow(/could not be read/);
  });
});

describe("an NHS Constitution standard red for 3 consecutive periods", () => {
  const r = rule("constitution-red");
  it("2 periods red: no; 3: yes, keyed by the run's first period", () => {
    expect(
      constitutionRed(
        series([
          [8, "green"],
          [9, "red"],
          [10, "red"],
        ]),
        r,
      ),
    ).toBeNull();
    const fired = constitutionRed(
      series([
        [8, "green"],
        [9, "red"],
        [10, "red"],
        [11, "red"],
      ]),
      r,
    )!;
    expect(fired.key).toBe("constitution-red:02N:ae_4hr:2013-09-01");
    expect(fired.title).toBe("A&E 4-hour red for 3 consecutive months");
    expect(fired.figures).toEqual([
      "Sep 2013: 90.0% (standard 95.0%)",
      "Oct 2013: 90.0% (standard 95.0%)",
      "Nov 2013: 90.0% (standard 95.0%)",
    ]);
  });
  it("the run goes on: the same occurrence; amber or a missing period breaks it", () => {
    const more = constitutionRed(
      series([
        [9, "red"],
        [10, "red"],
        [11, "red"],
        [12, "red"],
      ]),
      r,
    )!;
    expect(more.key).toBe("constitution-red:02N:ae_4hr:2013-09-01");
    expect(
      constitutionRed(
        series([
          [9, "red"],
          [10, "amber"],
          [11, "red"],
          [12, "red"],
        ]),
        r,
      ),
    ).toBeNull();
    expect(
      constitutionRed(
        series([
          [8, "red"],
          [9, "red"],
          [11, "red"],
        ]),
        r,
      ),
    ).toBeNull(); // no October figure
  });
});

describe("an agreed action overdue by more than 20 working days", () => {
  const r = rule("action-overdue");
  // Due Thu 31 Oct 2013: 20 working days later is Thu 28 Nov (no bank holidays between).
  const a = { ...parties, id: 7, text: "Publish the plan", dueDate: new Date("2013-10-31T00:00:00Z") };
  it("20 working days: no; 21: yes", () => {
    expect(actionOverdue(a, r, "2013-11-28")).toBeNull();
    const fired = actionOverdue(a, r, "2013-11-29")!;
    expect(fired.key).toBe("action-overdue:A7:2013-10-31");
    expect(fired.title).toBe("Agreed action A7 overdue by 21 working days");
  });
  it("a new due date is a new occurrence", () => {
    expect(actionOverdue({ ...a, dueDate: new Date("2013-10-01T00:00:00Z") }, r, "2013-11-29")!.key).toBe(
      "action-overdue:A7:2013-10-01",
    );
  });
});

describe("a plan line below the standard with no discussion", () => {
  const r = rule("plan-below-standard");
  // Submitted Fri 1 Nov 2013; 10 working days later is Fri 15 Nov.
  const p = {
    ...parties,
    version: 2,
    submittedAt: new Date("2013-11-01T10:00:00Z"),
    indicator: { code: "ae_4hr", name: "A&E 4-hour", standard: "95.0%" },
    lines: ["Q4 2013/14: 93.0%"],
    discussed: false,
  };
  it(`fires ${10} working days after the submission, not before; never once it was discussed`, () => {
    expect(planBelowStandard(p, r, "2013-11-14")).toBeNull();
    expect(planBelowStandard(p, r, "2013-11-15")!.key).toBe("plan-below-standard:02N:v2:ae_4hr");
    expect(planBelowStandard({ ...p, discussed: true }, r, "2013-12-15")).toBeNull();
  });
});

describe("a checkpoint domain where the views differ by two steps", () => {
  const r = rule("checkpoint-views-differ");
  const v = {
    ...parties,
    quarterLabel: "Q2 2013/14",
    quarterKey: "2013-Q2",
    domain: { key: "clear-plans", name: "Clear and credible plans" },
  };
  it("one step (green and amber): no; two (green and red): yes", () => {
    expect(checkpointViewsDiffer({ ...v, ccg: "green", areaTeam: "amber" }, r)).toBeNull();
    expect(checkpointViewsDiffer({ ...v, ccg: "amber", areaTeam: "red" }, r)).toBeNull();
    const fired = checkpointViewsDiffer({ ...v, ccg: "green", areaTeam: "red" }, r)!;
    expect(fired.key).toBe("checkpoint-views-differ:02N:2013-Q2:clear-plans");
    expect(fired.figures).toEqual(["02N (self-assessment): green", "Q52 (area team's view): red"]);
  });
});
