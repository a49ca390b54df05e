// Periods as publishers write them, read for one indicator's period kind: the one period grammar of the core
// (src/core/indicators/period-grammar.ts), which status `as of` reads with too.
export { FIRST_YEAR, LAST_YEAR, parsePeriod, type PeriodResult } from "../core/indicators/period-grammar";
