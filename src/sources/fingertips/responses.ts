// The Fingertips answers we rely on, parsed with zod: the generated types say what the document promises, these
// check what actually came. Each schema is tied to its generated type, so the two cannot drift apart.
import { z } from "zod";
import type { components } from "./schema.gen";

type Schemas = components["schemas"];

const category = z.object({ Id: z.number().int(), Name: z.string() }) satisfies z.ZodType<Schemas["Category"]>;

export const areaTypeSchema = z.object({
  Id: z.number().int(),
  Name: z.string(),
  ShortName: z.string().optional(),
  Class: z.string().nullable().optional(),
  Sequence: z.number().int().optional(),
  CanBeDisplayedOnMap: z.boolean().optional(),
}) satisfies z.ZodType<Schemas["AreaType"]>;
export const areaTypesSchema = z.array(areaTypeSchema);

export const indicatorMetadataSchema = z.object({
  IID: z.number().int(),
  Descriptive: z.object({
    Name: z.string(),
    NameLong: z.string().optional(),
    Definition: z.string().optional(),
    DataSource: z.string().optional(),
  }),
  Unit: z.object({ Id: z.number().int().optional(), Label: z.string(), Value: z.number().optional() }),
  ValueType: z.object({ Id: z.number().int().optional(), Name: z.string().optional() }).optional(),
  YearTypeId: z.number().int().optional(),
}) satisfies z.ZodType<Schemas["IndicatorMetadata"]>;
export const indicatorMetadataMapSchema = z.record(z.string().regex(/^\d+$/), indicatorMetadataSchema);

export const coreDataSetSchema = z.object({
  AreaCode: z.string(),
  IndicatorId: z.number().int().optional(),
  Val: z.number(),
  ValF: z.string().optional(),
  Count: z.number().nullable().optional(),
  Denom: z.number().nullable().optional(),
  Year: z.number().int().optional(),
  YearRange: z.number().int().optional(),
  Quarter: z.number().int().optional(),
  Month: z.number().int().optional(),
  SexId: z.number().int().optional(),
  AgeId: z.number().int().optional(),
}) satisfies z.ZodType<Schemas["CoreDataSet"]>;

export const groupRootSchema = z.object({
  IID: z.number().int(),
  Sex: category.optional(),
  Age: category.optional(),
  Grouping: z.array(z.object({ Period: z.string().optional(), YearRange: z.number().int().optional() })).optional(),
  Data: z.array(coreDataSetSchema),
}) satisfies z.ZodType<Schemas["GroupRoot"]>;
export const groupRootsSchema = z.array(groupRootSchema);

export type AreaType = z.infer<typeof areaTypeSchema>;
export type IndicatorMetadata = z.infer<typeof indicatorMetadataSchema>;
export type GroupRoot = z.infer<typeof groupRootSchema>;

/** The columns of the all-data CSV that Plan Dialogue reads (the file has many more). */
export const CSV_COLUMNS = [
  "Indicator ID",
  "Area Code",
  "Area Type",
  "Sex",
  "Age",
  "Category Type",
  "Time period",
  "Value",
  "Count",
  "Denominator",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
