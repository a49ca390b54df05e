// Time for the core: an injected clock, London dates, people's dates, working days.
export { fixedClock, systemClock, type Clock } from "./clock";
export {
  LONDON,
  addDays,
  atLondonTime,
  formatLondonDate,
  formatLondonDateTime,
  formatPeriod,
  londonCalendarDaysBetween,
  londonDate,
  londonDateToUtcMidnight,
  storedDate,
} from "./london";
export { isPastDate, parseUserDate, type ParsedDate } from "./parse-date";
export {
  addWorkingDays,
  isBankHoliday,
  isWorkingDay,
  nonWorkingDay,
  previousWorkingDayOnOrBefore,
  workingDaysBetween,
} from "./working-days";
