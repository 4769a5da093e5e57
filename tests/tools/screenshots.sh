#!/usr/bin/env bash
# Takes the README's screenshots of the real app: starts parleyd on a temporary database,
# seeds two scripted users with a short conversation (parley-seed), runs the app under Xvfb
# signed in as Alice, and saves the main window in light and dark colours.
#
#   tests/tools/screenshots.sh [BUILD_DIR] [OUTPUT_DIR]     (defaults: build docs/screenshots)
#
# Needs xvfb (xvfb-run) and imagemagick (import, convert).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
out=${2:-docs/screenshots}
port=${PARLEY_SCREENSHOT_PORT:-7611}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out" "$work/runtime"
chmod 700 "$work/runtime"
export XDG_RUNTIME_DIR="$work/runtime" PARLEY_NO_KEYCHAIN=1 LANG=C.UTF-8

for scheme in light dark; do
    # A fresh daemon each time, so both pictures show the same conversations.
    mkdir -p "$work/data-$scheme"
    "$build/server/parleyd/parleyd" --listen "127.0.0.1:$port" --data "$work/data-$scheme" \
        >"$work/parleyd-$scheme.log" 2>&1 &
    daemon=$!
    for _ in $(seq 50); do grep -q "listening on" "$work/parleyd-$scheme.log" && break; sleep 0.1; done
    grep -q "listening on" "$work/parleyd-$scheme.log" || { cat "$work/parleyd-$scheme.log"; exit 1; }
    profile="$work/profile-$scheme"
    # Bob keeps typing while the screenshot is taken.
    "$build/tests/tools/parley-seed" --server "ws://127.0.0.1:$port" --profile "$profile" --linger 12 \
        >"$work/seed-$scheme.log" 2>&1 &
    seed=$!
    for _ in $(seq 100); do grep -q "seeded" "$work/seed-$scheme.log" && break; sleep 0.1; done
    grep -q "seeded" "$work/seed-$scheme.log" || { cat "$work/seed-$scheme.log"; exit 1; }
    xvfb-run -a -s "-screen 0 1100x720x24" sh -c "
        '$build/client/app/parley' --profile '$profile' --color-scheme $scheme >'$work/app-$scheme.log' 2>&1 &
        app=\$!
        sleep 4
        import -window root '$out/main-window-$scheme.png'
        kill \$app"
    kill "$seed" "$daemon" 2>/dev/null || true
    wait "$seed" "$daemon" 2>/dev/null || true
    echo "saved $out/main-window-$scheme.png"
done
