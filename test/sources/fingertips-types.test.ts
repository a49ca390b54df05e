// The client's types are generated from openapi/fingertips.yaml and committed; this fails when they are stale.
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { GENERATED_TYPES, generateFingertipsTypes } from "../../src/sources/fingertips/generate-types";

it("src/sources/fingertips/schema.gen.ts is what openapi-typescript makes of openapi/fingertips.yaml (else: npm run gen:api)", async () => {
  expect(await readFile(GENERATED_TYPES, "utf8")).toBe(await generateFingertipsTypes());
});
