#!/usr/bin/env bash
# `rolelint export backstage` passes Backstage's own entity validators.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/lib.sh

if ! ensure_npm @backstage/catalog-model catalog-model >/dev/null 2>&1 && [ ! -d "$tools_dir/node_modules/@backstage/catalog-model" ]; then
  (cd "$tools_dir" && npm install --silent --no-audit --no-fund @backstage/catalog-model yaml >/dev/null 2>&1) || {
    notice "npm or @backstage/catalog-model unavailable: Backstage validation skipped"; exit 0; }
fi
[ -d "$tools_dir/node_modules/yaml" ] || (cd "$tools_dir" && npm install --silent --no-audit --no-fund yaml >/dev/null 2>&1)
rolelint=$(rolelint_bin)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
# The version 2 organisations add a Group per team, nested by parent.
for file in examples/roles.yaml examples/broken.yaml tests/scenarios/redox.yaml \
    tests/orgs/northwind/roles.yaml tests/orgs/open-widgets/roles.yaml tests/orgs/generated/roles.yaml; do
  "$rolelint" export backstage "$file" > "$out/catalog.yaml"
  if NODE_PATH="$tools_dir/node_modules" node - "$out/catalog.yaml" <<'JS'
const fs = require('fs');
const YAML = require('yaml');
const model = require('@backstage/catalog-model');
(async () => {
  const docs = YAML.parseAllDocuments(fs.readFileSync(process.argv[2], 'utf8')).map(d => d.toJS());
  const validators = { Group: model.groupEntityV1alpha1Validator, User: model.userEntityV1alpha1Validator };
  const policy = model.EntityPolicies.allOf([new model.DefaultNamespaceEntityPolicy(), new model.FieldFormatEntityPolicy(), new model.NoForeignRootFieldsEntityPolicy(), new model.SchemaValidEntityPolicy()]);
  let count = 0;
  for (const entity of docs) {
    const ok = await validators[entity.kind].check(entity);
    if (!ok) throw new Error(`${entity.kind} ${entity.metadata.name} is not a ${entity.kind}`);
    await policy.enforce(entity);
    count++;
  }
  console.log(`${count} entities valid`);
})().catch(e => { console.error(String(e)); process.exit(1); });
JS
  then echo "ok: $file"; else echo "FAIL: $file"; status=1; fi
done
exit $status
