#!/usr/bin/env bash
# Scale-out on one machine or a few: N `streamlit run` replicas on loopback ports behind Debian's
# nginx (deploy/nginx.conf: sticky sessions, WebSocket upgrade, security headers, upload limits).
# One script starts and stops it.
#
#   bash scripts/scale_out.sh start [N]        # N replicas (default 2), nginx on $LISTEN
#   bash scripts/scale_out.sh status
#   bash scripts/scale_out.sh stop
#   bash scripts/scale_out.sh run [N] -- CMD…  # start, run CMD, stop (even if CMD fails)
#   bash scripts/scale_out.sh render OUT [N]   # only write the filled-in nginx config
#
# e.g. the soak through nginx with 2 replicas for 2 minutes:
#   bash scripts/scale_out.sh run 2 -- .venv/bin/python scripts/soak.py \
#        --url http://127.0.0.1:8580 --rss-ports 8581,8582 --sessions 4 --minutes 2
#
# Each replica runs with MALLOC_ARENA_MAX=2 (flat RSS) and OMP_NUM_THREADS=1 (one torch thread
# per script run; sessions are the parallelism). Environment: LISTEN (nginx address, default
# 127.0.0.1:8580), BASE_PORT (replica i listens on BASE_PORT+i, default 8580), RUN_DIR (pid files,
# logs, rendered config; default /tmp/logits-scale-out), TEMPLATE (the nginx config to render,
# default deploy/nginx.conf). Needs nginx: apt-get install -y nginx. Loopback only.
set -euo pipefail
CALLER_DIR=$(pwd)  # a relative OUT for `render` is the caller's
cd "$(dirname "$0")/.."
ROOT=$(pwd)
LISTEN=${LISTEN:-127.0.0.1:8580}
BASE_PORT=${BASE_PORT:-8580}
RUN_DIR=${RUN_DIR:-/tmp/logits-scale-out}
PY=${PY:-$ROOT/.venv/bin/python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
TEMPLATE=${TEMPLATE:-$ROOT/deploy/nginx.conf}  # the config to render (a deployment's own copy)

die() { echo "scale_out: $*" >&2; exit 1; }

wait_health() {  # URL SECONDS
  local url=$1 deadline=$((SECONDS + $2))
  until [ "$("$PY" -c "import urllib.request,sys
try: print(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode())
except Exception: print('')" "$url/_stcore/health")" = ok ]; do
    [ $SECONDS -lt "$deadline" ] || return 1
    sleep 0.5
  done
}

render() {  # OUT SERVERS: deploy/nginx.conf with every placeholder filled
  SERVERS="$2" "$PY" - "$TEMPLATE" "$1" "$RUN_DIR" "$LISTEN" <<'EOF'
import base64, hashlib, os, pathlib, re, sys, tomllib
import streamlit
src, dst, run_dir, listen = sys.argv[1:5]
# the app's upload limit, in MiB: Streamlit compares a request's whole body with it
config = tomllib.loads(pathlib.Path(".streamlit/config.toml").read_text())
max_mb = int(config.get("server", {}).get("maxUploadSize", 200))  # 200: Streamlit's default
# CSP hashes of the inline scripts the installed Streamlit's index.html carries
html = (pathlib.Path(streamlit.__file__).parent / "static" / "index.html").read_text()
inline = re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
hashes = " ".join("'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
                  for s in inline)
text = open(src).read()
for key, value in {"RUN_DIR": run_dir, "LISTEN": listen, "MAX_UPLOAD_MB": str(max_mb),
                   "SCRIPT_HASHES": hashes,
                   "UPSTREAM_SERVERS": os.environ["SERVERS"].rstrip("\n")}.items():
    text = text.replace(f"@{key}@", value)
assert "@" not in re.sub(r"#.*", "", text), "a placeholder is left unfilled"
open(dst, "w").write(text)
EOF
}

start() {
  local n=${1:-2}
  [[ $n =~ ^[1-9][0-9]?$ ]] || die "N must be 1..99"
  [ -x "$NGINX" ] || die "nginx is missing: apt-get install -y nginx"
  [ -x "$PY" ] || die "no $PY: create the .venv first (see README)"
  [ ! -e "$RUN_DIR/nginx.pid" ] || die "already running ($RUN_DIR); stop it first"
  case $LISTEN in 127.*|localhost:*|\[::1\]:*) ;; *) die "LISTEN must be a loopback address";; esac
  mkdir -p "$RUN_DIR/tmp"
  chmod 0777 "$RUN_DIR/tmp"  # nginx workers drop root to nobody
  local servers="" i port
  for i in $(seq 1 "$n"); do
    port=$((BASE_PORT + i))
    MALLOC_ARENA_MAX=2 OMP_NUM_THREADS=1 nohup "$PY" -m streamlit run app.py --server.headless true \
      --server.address 127.0.0.1 --server.port "$port" --server.fileWatcherType none \
      --browser.gatherUsageStats false >"$RUN_DIR/replica-$port.log" 2>&1 &
    echo $! >"$RUN_DIR/replica-$port.pid"
    servers+="        server 127.0.0.1:$port max_fails=0;"$'\n'
  done
  for i in $(seq 1 "$n"); do
    port=$((BASE_PORT + i))
    wait_health "http://127.0.0.1:$port" 120 || { stop; die "replica $port did not start"; }
    echo "replica $i: http://127.0.0.1:$port (pid $(cat "$RUN_DIR/replica-$port.pid"))"
  done
  render "$RUN_DIR/nginx.conf" "$servers" || { stop; die "could not render $TEMPLATE"; }
  "$NGINX" -t -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" || { stop; die "bad nginx config"; }
  "$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf"
  wait_health "http://$LISTEN" 30 || { stop; die "nginx does not answer on $LISTEN"; }
  echo "nginx: http://$LISTEN -> $n replicas (sticky cookie, WebSocket upgrade)"
}

stop() {
  if [ -e "$RUN_DIR/nginx.pid" ]; then
    "$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -s quit 2>/dev/null \
      || kill "$(cat "$RUN_DIR/nginx.pid")" 2>/dev/null || true
    for _ in $(seq 1 20); do [ -e "$RUN_DIR/nginx.pid" ] || break; sleep 0.25; done
    rm -f "$RUN_DIR/nginx.pid"
  fi
  local f pid
  for f in "$RUN_DIR"/replica-*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$f"
  done
  echo "scale_out: stopped"
}

status() {
  local f
  [ -e "$RUN_DIR/nginx.pid" ] && echo "nginx pid $(cat "$RUN_DIR/nginx.pid") on $LISTEN" \
    || echo "nginx not running"
  for f in "$RUN_DIR"/replica-*.pid; do
    [ -e "$f" ] && echo "$(basename "$f" .pid) pid $(cat "$f")"
  done
  return 0
}

cmd=${1:-}
shift || true
case $cmd in
  start) start "${1:-2}" ;;
  stop) stop ;;
  status) status ;;
  render)  # OUT [N]: the config a deployment would use, for N replicas from BASE_PORT+1
    [ -n "${1:-}" ] || die "render needs an output file"
    servers=""
    for i in $(seq 1 "${2:-2}"); do
      servers+="        server 127.0.0.1:$((BASE_PORT + i)) max_fails=0;"$'\n'
    done
    case $1 in /*) out=$1 ;; *) out=$CALLER_DIR/$1 ;; esac
    render "$out" "$servers"
    echo "scale_out: wrote $out (check it with: nginx -t -c $out)"
    ;;
  run)
    n=2
    if [ "${1:-}" != "--" ] && [ -n "${1:-}" ]; then n=$1; shift; fi
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || die "run needs a command after --"
    start "$n"
    trap stop EXIT
    "$@"
    ;;
  *) sed -n '2,20p' "$0"; exit 2 ;;
esac
