#!/usr/bin/env bash
# Seeds the fuzz corpora from the repository: spec files and bad-spec cases for spec_loader,
# every operation's sample response plus a few hand-made bodies for response_decoding.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/spec_loader corpus/response_decoding
i=0
for f in ../spec/*.json ../codegen/tests/bad_specs/*/*.json ../codegen/tests/hostile_specs/*.json; do
  i=$((i + 1))
  cp "$f" "corpus/spec_loader/seed-$i.json"
done
i=0
for f in ../spec/*.json; do
  [ "$(basename "$f")" = schema.json ] && continue
  while IFS= read -r sample; do
    i=$((i + 1))
    printf '%s' "$sample" > "corpus/response_decoding/sample-$i.json"
  done < <(jq -c '.operations // {} | .[] | .sample_response // empty' "$f")
done
printf '%s' '{"code":"INVALID_DATA","details":{"api_name":"name"},"message":"m","status":"error"}' > corpus/response_decoding/error.json
printf '%s' '{"roles":[{"code":"SUCCESS","details":{"id":"5843104000000000001"},"message":"ok","status":"success"}],"info":{"per_page":1,"count":1,"page":1,"more_records":false}}' > corpus/response_decoding/action.json
printf '%s' '{"count":11}' > corpus/response_decoding/count.json
echo "spec_loader: $(ls corpus/spec_loader | wc -l) seeds; response_decoding: $(ls corpus/response_decoding | wc -l) seeds"
