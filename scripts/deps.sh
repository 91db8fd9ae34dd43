#!/usr/bin/env bash
# Installs what spconnect's build, tests and benchmark need, only when missing.
# Quiet when everything is present. Usage: scripts/deps.sh [build|test|bench]
set -euo pipefail
purpose=${1:-build}
AZURE_CLI_VERSION=2.91.0

debs=(pkg-config openssl libssl-dev libcurl4-openssl-dev libesmtp-dev libsqlite3-dev)
pips=()
case "$purpose" in
  # The tests' Python is a virtual environment in the build folder (.build/venv), made from
  # Debian's /usr/bin/python3 with its site packages visible (python3-aiosmtpd,
  # python3-cryptography); PyPI packages go into it, never into the system's Python.
  test)  debs+=(python3-venv python3-aiosmtpd python3-cryptography shellcheck chromium sqlite3 xxd groff-base)
         pips+=("pkilint:pkilint" "tree_sitter:tree-sitter" "tree_sitter_powershell:tree-sitter-powershell"
               "joserfc:joserfc" "msal:msal" "azure.identity:azure-identity==1.27.0") ;;
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

((${#pips[@]})) || exit 0
venv="$(cd "$(dirname "$0")/.." && pwd)/.build/venv"
# pip install, quiet; its messages are shown only when it fails.
pip() {
  local log
  log=$(mktemp)
  if ! "$venv/bin/python3" -m pip install -q --disable-pip-version-check "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
# An interrupted `python3 -m venv` leaves bin/python3 without pip, and a checkout moved to another
# folder leaves scripts (az, pip) whose first line names the old folder's Python: make it again
# (--clear) then.
if ! [ -x "$venv/bin/python3" ] || ! "$venv/bin/python3" -m pip --version >/dev/null 2>&1 \
   || { [ -e "$venv/bin/pip" ] && [ "$(head -n 1 "$venv/bin/pip")" != "#!$venv/bin/python3" ]; }; then
  echo "deps: making the test Python $venv" >&2
  /usr/bin/python3 -m venv --clear --system-site-packages "$venv"
fi
for entry in "${pips[@]}"; do
  module=${entry%%:*} package=${entry#*:}
  if ! "$venv/bin/python3" -c "import $module" 2>/dev/null; then
    echo "deps: installing $package (PyPI) into $venv" >&2
    pip "$package"
  fi
done
# The real Azure CLI, for running the generated register-app.sh against the loopback simulator
# (scripts/graph_sim.py). Only its core and the modules `az login`, `az account`, `az cloud` and
# `az rest` load: about half the size and time of the full install's dependency set.
if ! [ -x "$venv/bin/az" ] || ! "$venv/bin/python3" -c "import azure.cli.core, azure.common, azure.mgmt.resource.subscriptions" 2>/dev/null; then
  echo "deps: installing azure-cli $AZURE_CLI_VERSION (PyPI) into $venv" >&2
  pip --no-deps "azure-cli==$AZURE_CLI_VERSION"
  pip "azure-cli-core==$AZURE_CLI_VERSION" azure-mgmt-resource==24.0.0 azure-common msrest python-dateutil
fi
