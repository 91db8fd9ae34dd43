#!/bin/sh
# Installs spconnect, its man page and its shell completions under DEST (DESTDIR + PREFIX).
#
# The man page is generated from the argument-parser definitions by swift-argument-parser's
# own generate-manual tool (built once into .build/tools from the resolved checkout); the
# completion scripts come from the binary itself (--generate-completion-script).
#
# Usage: scripts/install.sh BINARY DEST   (SOURCE_DATE_EPOCH, when set, dates the man page)
set -eu
binary=$1
dest=$2
root=$(cd "$(dirname "$0")/.." && pwd)
swift=${SWIFT:-swift}
parser="$root/.build/checkouts/swift-argument-parser"
tools="$root/.build/tools"

[ -x "$binary" ] || { echo "install.sh: $binary is not an executable" >&2; exit 1; }
[ -d "$parser" ] || "$swift" package --package-path "$root" resolve
"$swift" build --package-path "$parser" --scratch-path "$tools" --product generate-manual >&2
manual="$("$swift" build --package-path "$parser" --scratch-path "$tools" --show-bin-path)/generate-manual"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The manual's date: SOURCE_DATE_EPOCH's day when it is set (reproducible builds,
# https://reproducible-builds.org/specs/source-date-epoch/), else today's (UTC).
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
    case $SOURCE_DATE_EPOCH in
        *[!0-9]*) echo "install.sh: SOURCE_DATE_EPOCH must be seconds since 1970, not $SOURCE_DATE_EPOCH" >&2; exit 1 ;;
    esac
    day=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d 2>/dev/null || date -u -r "$SOURCE_DATE_EPOCH" +%Y-%m-%d)
else
    day=$(date -u +%Y-%m-%d)
fi
"$manual" "$binary" --output-directory "$work" --date "$day" --section 1
# generate-manual lists hidden commands too (the test helpers, `_dev …`, are not for the manual)
# and leaves blank lines, which mdoc warns about: paragraphs are .Pp.
# Example lines are set as literal displays, so the manual shows them as help does.
awk '
  examples && ($0 == "" || $0 ~ /^\./) { print ".Ed"; examples = 0 }
  examples { sub(/^  /, ""); print; next }
  /^\.It Em _/ && !skip { skip = 1; depth = 0; next }
  skip {
    if ($0 ~ /^\.Bl/) depth++
    else if ($0 ~ /^\.El/) { if (depth == 0) skip = 0; else depth-- }
    else if ($0 ~ /^\.It/ && depth == 0) skip = 0
    if (skip) next
  }
  /^$/ { print ".Pp"; next }
  $0 == "Examples:" { print; print ".Bd -literal -offset indent"; examples = 1; next }
  { print }
  END { if (examples) print ".Ed" }' "$work/spconnect.1" > "$work/spconnect.1.public"
mv "$work/spconnect.1.public" "$work/spconnect.1"
"$binary" --generate-completion-script bash > "$work/spconnect.bash"
"$binary" --generate-completion-script zsh > "$work/_spconnect"
"$binary" --generate-completion-script fish > "$work/spconnect.fish"

install -d "$dest/bin" "$dest/share/man/man1" "$dest/share/bash-completion/completions" \
    "$dest/share/zsh/site-functions" "$dest/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$dest/bin/spconnect"
install -m 0644 "$work/spconnect.1" "$dest/share/man/man1/spconnect.1"
install -m 0644 "$work/spconnect.bash" "$dest/share/bash-completion/completions/spconnect"
install -m 0644 "$work/_spconnect" "$dest/share/zsh/site-functions/_spconnect"
install -m 0644 "$work/spconnect.fish" "$dest/share/fish/vendor_completions.d/spconnect.fish"
echo "installed spconnect, its man page and bash, zsh and fish completions under $dest"
