import { z } from "zod";

/** A boolean query parameter, spelled as DRF's BooleanFilter accepts it. */
export const boolParam = z
  .enum(["true", "false", "True", "False", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "True" || v === "1");
