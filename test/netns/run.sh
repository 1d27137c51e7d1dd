#!/usr/bin/env bash
# npm run test:netns -> real strongSwan tunnels in network namespaces, configured by `topo apply`.
# Needs root. Installs the Debian packages when missing (apt-get update once), builds the CLI,
# then runs test/netns/driver.mjs (arguments are passed on: topology name filters, "faults",
# --keep-logs). Last line: "N passed, N failed"; exit status non-zero on failure.
set -u
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then echo "test:netns needs root (network namespaces, charon)"; echo "0 passed, 1 failed"; exit 1; fi
PKGS="strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-standard-plugins iputils-ping iproute2"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "== installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  if ! { timeout 300 apt-get update -qq && timeout 600 apt-get -o DPkg::Lock::Timeout=300 install -y -qq $missing; }; then
    echo "could not install:$missing"; echo "0 passed, 1 failed"; exit 1
  fi
fi
chmod +x test/netns/failing-swanctl.sh
node esbuild.mjs || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
exec node test/netns/driver.mjs "$@"
