// The core's view of the database: the generated Prisma client and its types, in one import.
export { PrismaClient, Prisma } from "../db/generated/client";
export type * from "../db/generated/client";
export {
  ActionStatus,
  DeadlineScope,
  DeliveryStatus,
  DiscussionStatus,
  Direction,
  Framework,
  OrganisationKind,
  Party,
  PeriodKind,
  Platform,
  Role,
} from "../db/generated/enums";
