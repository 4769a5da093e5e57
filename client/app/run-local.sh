#!/usr/bin/env bash
# The README's run command: parleyd on its SQLite default in the background, and the app
# pointed at it. Stopping the app stops the daemon.
#   run-local.sh PARLEYD PARLEY
set -euo pipefail
parleyd=$1
parley=$2
address=127.0.0.1:7600
log=$(mktemp)
"$parleyd" --listen "$address" >"$log" 2>&1 &
daemon=$!
trap 'kill -TERM "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
    grep -q "listening on" "$log" && break
    kill -0 "$daemon" 2>/dev/null || { cat "$log" >&2; echo "parleyd did not start" >&2; exit 1; }
    sleep 0.1
done
cat "$log"
echo "Starting the app; create an account in the sign-in dialog (server ws://$address)."
"$parley" --server "ws://$address"
