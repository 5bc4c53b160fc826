// Type-checks Grafana dashboards against @grafana/schema with tsc: the dashboard model, each panel's options and
// field config against its panel type's schema (timeseries, stat, row), and every query as a Prometheus query.
// String enums of the schema accept their values as JSON spells them; anything the schema does not know fails.
//
// usage: node grafana-typecheck.mjs WORK_DIR DASHBOARD.json...
// prints one JSON line {"checked": n, "errors": [...]}; exits 1 when there are errors.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { typecheck } from "./typecheck.mjs";

const [workDir, ...dashboards] = process.argv.slice(2).map((path) => resolve(path));
mkdirSync(workDir, { recursive: true });
const header = `import type { Dashboard, DataQuery, Panel, RowPanel } from "@grafana/schema";
import type { FieldConfig as TimeSeriesFieldConfig, Options as TimeSeriesOptions }
  from "@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen";
import type { Options as StatOptions } from "@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen";

/** A schema type as JSON writes it: string enums become the union of their values. */
type AsJson<T> = T extends string ? \`\${T}\` : T extends (infer U)[] ? AsJson<U>[] : T extends object ? { [K in keyof T]: AsJson<T[K]> } : T;

interface PrometheusQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  range?: boolean;
}
type Typed<P, O> = Omit<P, "options" | "targets" | "type"> & { options: O; targets: PrometheusQuery[] };
type TimeSeriesPanel = Typed<Panel<TimeSeriesOptions, TimeSeriesFieldConfig>, TimeSeriesOptions> & { type: "timeseries" };
type StatPanel = Typed<Panel<StatOptions>, StatOptions> & { type: "stat" };
type Row = Omit<RowPanel, "type"> & { type: "row" };
type SwitchboardDashboard = AsJson<Omit<Dashboard, "panels"> & { panels: Array<TimeSeriesPanel | StatPanel | Row> }>;
`;
const files = dashboards.map((file) => {
  const source = join(workDir, basename(file, ".json").replace(/[^A-Za-z0-9]/g, "_") + ".ts");
  writeFileSync(source, `${header}\nexport const dashboard: SwitchboardDashboard = ${readFileSync(file, "utf8")};\n`);
  return source;
});
const errors = typecheck(workDir, files);
console.log(JSON.stringify({ checked: dashboards.length, errors }));
process.exit(errors.length === 0 ? 0 : 1);
