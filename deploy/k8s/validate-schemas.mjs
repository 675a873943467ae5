// Validates rendered manifests against the Kubernetes (and Prometheus Operator) OpenAPI schemas
// without a cluster, using the npm packages kubernetes-models and @kubernetes-models/prometheus-operator.
// Usage: node validate-schemas.mjs FILE.yaml...
// The packages (and `yaml`) are resolved from this file's directory: deploy/k8s/check.sh copies it
// next to their node_modules.
import { readFileSync } from "node:fs";

const load = (name) => import(name);
const { parseAllDocuments } = await load("yaml");

function modulePath(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "monitoring.coreos.com") return `@kubernetes-models/prometheus-operator/${group}/${version}`;
  return group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
}

let failures = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const object = doc.toJS();
    if (!object) continue;
    const where = `${file}: ${object.kind}/${object.metadata?.name}`;
    try {
      const models = await load(modulePath(object.apiVersion));
      const Model = models[object.kind];
      if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
      new Model(object).validate();
      checked++;
    } catch (error) {
      failures++;
      console.error(`INVALID ${where}: ${error.message}`);
    }
  }
}
console.log(`${checked} objects valid, ${failures} invalid`);
process.exit(failures ? 1 : 0);
