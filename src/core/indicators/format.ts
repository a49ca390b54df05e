// How indicator figures read: "93.1%", "12", "£1,200k".

export function formatValue(value: number | null, unit: string): string | null {
  if (value === null || Number.isNaN(value)) return null;
  const rounded =
    Math.abs(value) >= 100 ? Math.round(value).toLocaleString("en-GB") : String(Math.round(value * 10) / 10);
  if (unit === "%") return `${rounded}%`;
  if (unit.startsWith("£")) return `£${rounded}${unit.slice(1)}`;
  if (unit === "count" || unit === "") return rounded;
  return `${rounded} ${unit}`;
}

export function formatVariance(value: number | null, plan: number | null, unit: string): string | null {
  if (value === null || plan === null) return null;
  const diff = Math.round((value - plan) * 10) / 10;
  const sign = diff > 0 ? "+" : diff < 0 ? "−" : "±";
  const magnitude = Math.abs(diff);
  return unit === "%" ? `${sign}${magnitude} pts` : `${sign}${formatValue(magnitude, unit)}`;
}
