#!/usr/bin/env bash
# swanctl-load.sh DIR: loads every DIR/*.conf (a complete swanctl.conf: connections + secrets)
# into a private strongSwan charon with `swanctl --load-all`, and fails if any load fails.
#
# The charon runs in a fresh network namespace (topo-rb-$$) with its own strongswan.conf,
# vici socket and a bind-mounted /run (the pid file path is compiled in), as in
# the strongSwan network-namespace recipe test/netns follows. It is stopped by its PID and the
# namespace is deleted on exit. Needs root, ip(8), /usr/lib/ipsec/charon and swanctl
# (Debian: strongswan-charon strongswan-swanctl libstrongswan-standard-plugins).
# Exit: 0 all loaded, 1 a load failed, 2 cannot run here.
set -u
DIR=${1:?usage: swanctl-load.sh DIR}
CHARON=${CHARON:-/usr/lib/ipsec/charon}
command -v swanctl >/dev/null && command -v ip >/dev/null && [ -x "$CHARON" ] || { echo "swanctl-load: swanctl, ip or $CHARON missing"; exit 2; }
[ "$(id -u)" = 0 ] || { echo "swanctl-load: needs root (network namespace)"; exit 2; }

NS=topo-rb-$$
WORK=$(mktemp -d /tmp/topo-rb-XXXXXX)
PID=
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID"
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2>/dev/null && kill -KILL "$PID"
  fi
  ip netns del "$NS" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/run"
# swanctl --file looks for credential folders next to the file: give it empty ones
(cd "$DIR" && mkdir -p x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa ecdsa bliss pkcs8 pkcs12)
cat > "$WORK/strongswan.conf" <<CONF
charon {
  load_modular = no
  load = random nonce openssl gmp aes sha1 sha2 hmac kdf pem pkcs1 x509 pubkey kernel-netlink socket-default vici
  install_routes = no
  plugins {
    vici {
      socket = unix://$WORK/charon.vici
    }
  }
  filelog {
    log {
      path = $WORK/charon.log
      default = 1
      cfg = 2
    }
  }
  syslog {
  }
}
swanctl {
  load = random openssl pem pkcs1 x509 pubkey
}
CONF

ip netns add "$NS" || exit 2
ip -n "$NS" link set lo up
STRONGSWAN_CONF=$WORK/strongswan.conf ip netns exec "$NS" sh -c "mount --bind $WORK/run /run && exec $CHARON" > "$WORK/charon.out" 2>&1 &
PID=$!
URI=unix://$WORK/charon.vici
for _ in $(seq 1 100); do
  [ -S "$WORK/charon.vici" ] && swanctl --stats --uri "$URI" >/dev/null 2>&1 && break
  sleep 0.1
done
swanctl --stats --uri "$URI" >/dev/null 2>&1 || { echo "swanctl-load: charon did not start"; cat "$WORK/charon.out"; exit 2; }

rc=0
for f in "$DIR"/*.conf; do
  [ -e "$f" ] || continue
  out=$(STRONGSWAN_CONF=$WORK/strongswan.conf swanctl --load-all --noprompt --file "$f" --uri "$URI" 2>&1); lrc=$?
  if [ $lrc -ne 0 ] || echo "$out" | grep -qiE 'fail|error|invalid|unknown|unable'; then
    echo "FAIL $(basename "$f") (exit $lrc)"; echo "$out" | sed 's/^/    /'; rc=1
  else
    echo "OK   $(basename "$f"): $(echo "$out" | grep -cE '^loaded connection') connections"
  fi
done
exit $rc
