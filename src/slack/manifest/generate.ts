// `npm run manifest`: writes manifest.json at the repository root from commands/.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { manifestJson } from "./manifest";

const target = fileURLToPath(new URL("../../../manifest.json", import.meta.url));
writeFileSync(target, manifestJson());
console.log(`Wrote ${target}`);
