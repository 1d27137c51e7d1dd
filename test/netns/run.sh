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
# the clouds in namespaces (clouds.netns.ts): the cloud adapters against the fakes, then each
# cloud's tunnel ends as a charon configured as that provider would be; bounded to 15 minutes
clouds() {
  local out rc passed failed
  out=$(NO_COLOR=1 timeout 900 npx vitest run --config test/netns/vitest.clouds.config.ts 2>&1); rc=$?
  out=$(echo "$out" | sed 's/\x1b\[[0-9;]*m//g')
  echo "$out"
  passed=$(echo "$out" | sed -n 's/.*Tests .* \([0-9][0-9]*\) passed.*/\1/p' | tail -1)
  failed=$(echo "$out" | sed -n 's/.*Tests .* \([0-9][0-9]*\) failed.*/\1/p' | tail -1)
  [ -z "$failed" ] && { [ $rc = 0 ] && failed=0 || failed=1; }
  CLOUDS_PASSED=${passed:-0}; CLOUDS_FAILED=$failed
}
if [ "${1:-}" = clouds ]; then
  clouds
  echo "$CLOUDS_PASSED passed, $CLOUDS_FAILED failed"
  [ "$CLOUDS_FAILED" = 0 ]; exit $?
fi
if [ $# -gt 0 ]; then exec node test/netns/driver.mjs "$@"; fi
# everything (what CI runs): the driver's beds, then the clouds
# the driver's lines go to stderr through the inherited descriptor (cat >&2): `tee /dev/stderr`
# reopens the file behind stderr with O_TRUNC and emptied CI's log when it was redirected to a file
out=$(node test/netns/driver.mjs | tee >(cat >&2) | tail -1); rc=$?
dp=$(echo "$out" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p'); df=$(echo "$out" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p')
[ -z "$df" ] && { dp=0; df=1; }
clouds
echo "$((dp + CLOUDS_PASSED)) passed, $((df + CLOUDS_FAILED)) failed"
[ $((df + CLOUDS_FAILED)) = 0 ]
