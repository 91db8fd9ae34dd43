#!/usr/bin/env bash
# Installs what spconnect's build, tests and benchmark need, only when missing.
# Quiet when everything is present. Usage: scripts/deps.sh [build|test|bench]
set -euo pipefail
purpose=${1:-build}

debs=(pkg-config openssl libssl-dev libcurl4-openssl-dev libesmtp-dev libsqlite3-dev)
pips=()
case "$purpose" in
  # Mail tests: scripts/smtp_server.py (aiosmtpd) and the test PKI (cryptography) run
  # under Debian's /usr/bin/python3, where these packages install.
  test)  debs+=(python3-aiosmtpd python3-cryptography shellcheck chromium sqlite3 xxd groff-base)
         pips+=("pkilint:pkilint" "tree_sitter:tree-sitter" "tree_sitter_powershell:tree-sitter-powershell" "jmespath:jmespath"
               "cryptography:cryptography" "joserfc:joserfc" "msal:msal") ;;
  bench) debs+=(hyperfine curl python3-aiosmtpd python3-cryptography) ;;
esac

missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

for entry in ${pips[@]+"${pips[@]}"}; do
  module=${entry%%:*} package=${entry#*:}
  if ! python3 -c "import $module" 2>/dev/null; then
    echo "deps: installing $package (PyPI)" >&2
    python3 -m pip install -q --disable-pip-version-check "$package" >/dev/null 2>&1 \
      || python3 -m pip install -q --disable-pip-version-check --break-system-packages "$package"
  fi
done
