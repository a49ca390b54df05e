// Which Fingertips indicators feed which of ours: the FINGERTIPS_SYNC setting's format. Kept apart from the sync
// itself (zod only), so that src/config.ts can check the setting at start-up without loading the importer.
import { z } from "zod";

export const FINGERTIPS_LIVE_URL = "https://fingertips.phe.org.uk";

/** "CCGs (pre 4/2017)": the area type closest to the 2013 CCGs. Check `/api/area_types`: ids change. */
export const DEFAULT_CCG_AREA_TYPE = 153;

export interface FingertipsMapping {
  fingertipsId: number;
  /** our indicator the figures are stored under */
  indicatorCode: string;
  areaTypeId: number;
  /** keep only rows of this sex ("Persons"), when the indicator is published by sex */
  sex?: string;
}

/** FINGERTIPS_SYNC: what the scheduled sync fetches, e.g. "90365=ois_1_1,92655=ois_2_6@153". */
export const syncConfigSchema = z
  .string()
  .trim()
  .transform((s) => (s ? s.split(/\s*,\s*/) : []))
  .pipe(
    z.array(
      z
        .string()
        .regex(/^\d+=[a-z0-9_]+(@\d+)?$/i, "FINGERTIPS_SYNC entries look like 90365=ois_1_1 or 90365=ois_1_1@153")
        .transform((entry): FingertipsMapping => {
          const [, id, code, areaType] = /^(\d+)=([a-z0-9_]+)(?:@(\d+))?$/i.exec(entry)!;
          return {
            fingertipsId: Number(id),
            indicatorCode: code!,
            areaTypeId: areaType ? Number(areaType) : DEFAULT_CCG_AREA_TYPE,
          };
        }),
    ),
  );
