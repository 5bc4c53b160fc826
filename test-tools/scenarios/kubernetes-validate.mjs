// Validates rendered Kubernetes objects: each against the JSON schema of its kind (kubernetes-models for the
// Kubernetes API, and the prometheus-operator, KEDA and Strimzi models for their custom resources), then, typed
// with the kind's interface, with tsc (which refuses fields the schema does not know). An object of a kind none of
// these packages models is an error, never skipped.
//
// usage: node kubernetes-validate.mjs OBJECTS.json WORK_DIR   (OBJECTS.json: an array of objects)
// prints one JSON line {"validated": n, "errors": [...]}; exits 1 when there are errors.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { typecheck } from "./typecheck.mjs";

const MODULES = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
  "keda.sh": "@kubernetes-models/keda",
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
};

function moduleOf(apiVersion) {
  const slash = apiVersion.lastIndexOf("/");
  if (slash < 0) {
    return `kubernetes-models/${apiVersion}`;
  }
  const group = apiVersion.slice(0, slash);
  return `${MODULES[group] ?? "kubernetes-models"}/${apiVersion}`;
}

const [objectsFile, workDir] = process.argv.slice(2).map((path) => resolve(path));
const objects = JSON.parse(readFileSync(objectsFile, "utf8"));
const errors = [];
const typed = new Map();
const declarations = [];
for (const [index, object] of objects.entries()) {
  const where = `${object.kind}/${object.metadata?.name} (${object.apiVersion})`;
  const specifier = moduleOf(object.apiVersion ?? "");
  let model;
  try {
    model = (await import(specifier))[object.kind];
  } catch (e) {
    errors.push(`${where}: no schema for ${object.apiVersion}: ${e.message}`);
    continue;
  }
  if (!model) {
    errors.push(`${where}: ${specifier} has no kind ${object.kind}`);
    continue;
  }
  try {
    new model(object).validate();
  } catch (e) {
    errors.push(`${where}: ${e.message}`);
  }
  const type = `I${object.kind}`;
  const alias = `${type}_${typed.size}`;
  if (!typed.has(`${specifier}#${type}`)) {
    typed.set(`${specifier}#${type}`, { specifier, type, alias });
  }
  declarations.push(`// ${where}\nexport const object${index}: ${typed.get(`${specifier}#${type}`).alias} = ${JSON.stringify(object, null, 2)};`);
}
mkdirSync(workDir, { recursive: true });
const source = join(workDir, "objects.ts");
writeFileSync(source, [...typed.values()].map(({ specifier, type, alias }) =>
  `import type { ${type} as ${alias} } from "${specifier}";`).join("\n") + "\n\n" + declarations.join("\n\n") + "\n");
errors.push(...typecheck(workDir, [source]));
console.log(JSON.stringify({ validated: objects.length, errors }));
process.exit(errors.length === 0 ? 0 : 1);
