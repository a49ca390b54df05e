// What a console user reads when something fails outside a command (choosing who to act as, opening the
// database): a sentence with an error id, never the database library's words or a stack trace.
import { describe, expect, it } from "vitest";
import { consoleFailure } from "../../src/console/console-channel";
import { notFound } from "../../src/core/errors";
import { Prisma } from "../../src/db/generated/client";

describe("a console failure", () => {
  it("is a sentence with an error id, not Prisma's words or a stack trace", () => {
    const error = new Prisma.PrismaClientKnownRequestError("No record was found for an update.", {
      code: "P2025",
      clientVersion: "6.19.3",
    });
    const said = consoleFailure(error);
    expect(said).toMatch(/^Something went wrong on my side \(error id [0-9a-f]{8}\)\./);
    expect(said).not.toMatch(/Prisma|No record|P2025|\n\s+at /);
  });

  it("is the domain's own sentence when the person can act on it", () => {
    expect(consoleFailure(notFound("There is no discussion D9.", "`discussions` lists yours."))).toBe(
      "There is no discussion D9. `discussions` lists yours.",
    );
  });
});
