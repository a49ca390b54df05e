// The page's API types are generated from openapi/tab-api.yaml and committed; this fails when they are stale.
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { GENERATED_TYPES, generateTabApiTypes } from "../../src/tab/generate-api-types";

it("src/tab/page/tab-api.gen.ts is what openapi-typescript makes of openapi/tab-api.yaml (else: npm run gen:tab-api)", async () => {
  const committed = await readFile(GENERATED_TYPES, "utf8");
  expect(committed).toBe(await generateTabApiTypes());
});
