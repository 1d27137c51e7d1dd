#!/bin/sh
# Fault injection for the netns test bed: a swanctl that fails when one of its arguments equals
# $TOPO_TEST_FAIL_ON (e.g. --load-all, --initiate, --terminate), and is the real swanctl otherwise.
for a in "$@"; do
  if [ -n "${TOPO_TEST_FAIL_ON:-}" ] && [ "$a" = "$TOPO_TEST_FAIL_ON" ]; then
    echo "injected failure: swanctl $TOPO_TEST_FAIL_ON" >&2
    exit 1
  fi
done
exec swanctl "$@"
