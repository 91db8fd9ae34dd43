#!/usr/bin/env bash
# Builds each library's DocC catalog with the toolchain's own docc (no swift-docc-plugin, which
# is not a dependency): symbol graphs from the debug build's modules, then `docc convert`.
# Fails when a catalog page (Sources/MODULE/MODULE.docc/*.md) has a warning, such as a link
# that does not resolve; warnings in the sources' own DocC comments are counted and shown.
# Usage: scripts/docs.sh [OUTPUT_FOLDER]   (default .build/docs; run `swift build` first)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build/docs}
swift=${SWIFT:-swift}
bin=$(dirname "$(command -v "$swift")")
build=$("$swift" build --show-bin-path)
modules="Common MIME Domain OpenSSLSupport Certificates Vault Mail Entra Replies Workflow"

# The C modules the Swift modules were built against: the package's own and its dependencies'.
flags=(-I "$build/Modules")
for include in Sources/*/include .build/checkouts/TOMLKit/Sources/CTOML/include; do
  [ -d "$include" ] && flags+=(-Xcc "-I$include")
done
for map in Sources/COpenSSL/module.modulemap Sources/CCurl/module.modulemap Sources/CESMTP/module.modulemap \
           "$build"/{COpenSSLShims,CCurlShims,CESMTPShims,CShims,CTOML}.build/module.modulemap \
           .build/checkouts/GRDB.swift/Sources/GRDBSQLite/module.modulemap; do
  [ -f "$map" ] && flags+=(-Xcc "-fmodule-map-file=$map")
done

failed=0
mkdir -p "$out"
for module in $modules; do
  graphs="$out/symbol-graphs/$module"
  rm -rf "$graphs" "$out/$module.doccarchive"
  mkdir -p "$graphs"
  "$bin/swift-symbolgraph-extract" -module-name "$module" -target "$(uname -m)-unknown-linux-gnu" \
    "${flags[@]}" -minimum-access-level public -output-dir "$graphs"
  log="$out/$module.log"
  "$bin/docc" convert "Sources/$module/$module.docc" --additional-symbol-graph-dir "$graphs" \
    --fallback-display-name "$module" --fallback-bundle-identifier "spconnect.$module" \
    --output-path "$out/$module.doccarchive" >"$log" 2>&1
  total=$(grep -c 'warning:' "$log" || true)
  # A diagnostic's location line reads ` --> FILE.md:LINE:COLUMN` for a catalog page.
  catalog=$(grep -c -- '--> [^ ]*\.md:' "$log" || true)
  echo "$module: $total warnings, $catalog in the catalog ($out/$module.doccarchive)"
  if [ "$catalog" -gt 0 ]; then
    grep -B1 -A3 -- '--> [^ ]*\.md:' "$log"
    failed=1
  fi
done
exit $failed
