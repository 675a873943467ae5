// Static checks of the Terraform configuration without the terraform binary: every *.tf file and
// terraform.tfvars.example is parsed by HashiCorp's HCL parser (npm @cdktf/hcl2json, the Go parser
// compiled to WebAssembly), then the references are checked:
// - every var.X, local.X, resource TYPE.NAME and data.TYPE.NAME used is declared;
// - every variable is used, has a description and a type;
// - every variable without a default appears in terraform.tfvars.example, and the example sets only
//   declared variables;
// - every resource's provider (TYPE's prefix) is in required_providers; outputs have a description.
// Usage: node check.mjs DIR   (deploy/terraform/check.sh installs the parser and runs it)
import { parse } from "@cdktf/hcl2json";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? ".";
const errors = [];
const merged = {};
const sources = {};
for (const file of readdirSync(dir).filter((f) => f.endsWith(".tf")).sort()) {
  let parsed;
  try {
    parsed = await parse(file, readFileSync(join(dir, file), "utf8"));
  } catch (error) {
    errors.push(`${file}: does not parse: ${String(error.message ?? error).split("\n")[0]}`);
    continue;
  }
  sources[file] = parsed;
  for (const [blockType, blocks] of Object.entries(parsed)) {
    merged[blockType] ??= [];
    merged[blockType].push({ file, blocks });
  }
}

const names = (blockType) =>
  (merged[blockType] ?? []).flatMap(({ file, blocks }) => Object.entries(blocks).map(([name, body]) => ({ file, name, body })));

const variables = new Map(names("variable").map(({ file, name, body }) => [name, { file, body: body[0] }]));
const locals = new Set((merged.locals ?? []).flatMap(({ blocks }) => blocks.flatMap((b) => Object.keys(b))));
const resources = new Set();
const providersUsed = new Map();
for (const { file, name: type, body } of names("resource")) {
  for (const name of Object.keys(body)) {
    resources.add(`${type}.${name}`);
    providersUsed.set(type.split("_")[0], file);
  }
}
const data = new Set(names("data").flatMap(({ name: type, body }) => Object.keys(body).map((n) => `${type}.${n}`)));

// References: expressions come back as "${...}" strings, so the whole tree is searched as text.
const text = JSON.stringify(sources);
const used = new Set();
for (const [, name] of text.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
  used.add(name);
  if (!variables.has(name)) errors.push(`var.${name} is used but no variable "${name}" is declared`);
}
for (const [, name] of text.matchAll(/\blocal\.([A-Za-z_][A-Za-z0-9_-]*)/g)) {
  if (!locals.has(name)) errors.push(`local.${name} is used but not defined in a locals block`);
}
for (const [, ref] of text.matchAll(/\bdata\.([a-z0-9]+_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*)/g)) {
  if (!data.has(ref)) errors.push(`data.${ref} is used but not declared`);
}
for (const [, ref] of text.matchAll(/(?<![.\w])([a-z0-9]+_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*)(?=[.\[}\s,)])/g)) {
  const type = ref.split(".")[0];
  if (providersUsed.has(type.split("_")[0]) && !resources.has(ref)) {
    errors.push(`${ref} is used but no resource "${type}" "${ref.split(".")[1]}" is declared`);
  }
}

for (const [name, { file, body }] of variables) {
  if (!used.has(name)) errors.push(`${file}: variable "${name}" is declared but never used`);
  if (!body.description) errors.push(`${file}: variable "${name}" has no description`);
  if (!body.type) errors.push(`${file}: variable "${name}" has no type`);
}
for (const { file, name, body } of names("output")) {
  if (!body[0].description) errors.push(`${file}: output "${name}" has no description`);
}

const required = new Set(
  (merged.terraform ?? []).flatMap(({ blocks }) =>
    blocks.flatMap((b) => (b.required_providers ?? []).flatMap((p) => Object.keys(p)))),
);
for (const [provider, file] of providersUsed) {
  if (!required.has(provider)) errors.push(`${file}: provider "${provider}" is used but not in required_providers`);
}
for (const { file, name } of names("provider")) {
  if (!required.has(name)) errors.push(`${file}: provider "${name}" is configured but not in required_providers`);
}

// The example's commented lines count too: they document the optional variables.
try {
  const example = readFileSync(join(dir, "terraform.tfvars.example"), "utf8");
  const parsedExample = await parse("terraform.tfvars.example", example);
  const documented = new Set(Object.keys(parsedExample));
  for (const [, name] of example.matchAll(/^#\s*([a-z_][a-z0-9_]*)\s*=/gm)) documented.add(name);
  for (const name of documented) {
    if (!variables.has(name)) errors.push(`terraform.tfvars.example sets "${name}", which is no variable`);
  }
  for (const [name, { file, body }] of variables) {
    if (!("default" in body) && !documented.has(name)) {
      errors.push(`${file}: variable "${name}" has no default and is missing from terraform.tfvars.example`);
    }
  }
} catch (error) {
  errors.push(`terraform.tfvars.example: ${String(error.message ?? error).split("\n")[0]}`);
}

if (errors.length) {
  for (const e of [...new Set(errors)]) console.error(`terraform: ${e}`);
  process.exit(1);
}
console.log(`terraform: ${Object.keys(sources).length} files parsed; ${variables.size} variables, ` +
  `${locals.size} locals, ${resources.size} resources, ${names("output").length} outputs checked`);
