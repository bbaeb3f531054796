#!/usr/bin/env bash
# `cmake --install` as a user would run it: the binaries, web client, example config and systemd
# unit land under the prefix; the installed server validates the example config, finds its web
# client next to itself (also after the whole tree is moved elsewhere) and serves it; the unit
# passes `systemd-analyze verify`.
#   install_test.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
for f in bin/camstream-server bin/mock-camera share/camstream/web/index.html \
         share/camstream/camstream.example.toml lib/systemd/system/camstream.service; do
  [[ -e $work/prefix/$f ]] || fail "$f was not installed"
done
[[ -z $(find "$work/prefix/share/camstream/web" -name '.*') ]] || fail "a dotfile was installed"

unit=$work/prefix/lib/systemd/system/camstream.service
grep -q "^ExecStart=$work/prefix/bin/camstream-server " "$unit" || fail "unit's ExecStart: $(grep ExecStart "$unit")"
systemd-analyze verify "$unit" || fail "systemd-analyze verify refused the unit"

"$work/prefix/bin/camstream-server" --check-config "$work/prefix/share/camstream/camstream.example.toml" \
  || fail "the example config does not pass --check-config"

# Serves /, read from the installed web root: moved to another prefix, it still finds it.
mv "$work/prefix" "$work/moved"
echo "<!-- installed copy -->" >>"$work/moved/share/camstream/web/index.html"
"$work/moved/bin/camstream-server" --config "$work/moved/share/camstream/camstream.example.toml" \
  --listen 127.0.0.1 --port 0 --camera-port -1 >"$work/out" 2>"$work/err" &
server_pid=$!
port=
for _ in $(seq 1 200); do
  port=$(sed -n 's/^camstream-server listening: http=\([0-9]*\).*/\1/p' "$work/out")
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || fail "server exited: $(cat "$work/err")"
  sleep 0.05
done
[[ -n $port ]] || fail "server did not print its port"
page=$(/usr/bin/python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())" "http://127.0.0.1:$port/")
grep -q "installed copy" <<<"$page" || fail "/ was not served from the installed web root"
echo "install test passed"
