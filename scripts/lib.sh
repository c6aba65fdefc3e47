# shellcheck shell=bash disable=SC2034  # variables here are used by the scripts that source it
# Helpers shared by scripts/demo and scripts/test.  Source it; do not run it.
#
# What it sets up, in order of use:
#   pga_ensure_packages   Debian packages the build and the tests need
#   pga_resolve_pg        PG_CONFIG and the server binaries it points to
#   pga_build, pga_install
#   pga_setup_state       the unprivileged server user and the tmp/ layout
#   pga_cluster_*         private throwaway clusters (unix socket only)
#
# Environment knobs: PG_CONFIG (default: PostgreSQL 15's own pg_config),
# PGA_OS_USER (default pgarticle), PGA_STATE_DIR (default <repo>/tmp).

set -euo pipefail

PGA_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
PGA_OS_USER=${PGA_OS_USER:-pgarticle}

# Everything the build, the install and the tests need.  postgresql-contrib
# is a small metapackage on Debian 12 (contrib itself is in postgresql-15).
PGA_PACKAGES=(gcc make postgresql-15 postgresql-server-dev-15 postgresql-contrib
	libicu-dev libxxhash-dev libxml2-dev pkg-config libipc-run-perl perl)

# useradd and runuser live in /usr/sbin, which a non-login root shell may lack.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin ;; esac

pga_say()  { printf '==> %s\n' "$*"; }
pga_note() { printf '    %s\n' "$*"; }
pga_warn() { printf 'warning: %s\n' "$*" >&2; }
pga_die()  { printf 'error: %s\n' "$*" >&2; exit 1; }
pga_is_root() { [ "$(id -u)" -eq 0 ]; }

# ------------------------------------------------------------ packages

pga_missing_packages() {
	local p status
	for p in "${PGA_PACKAGES[@]}"; do
		status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
		[[ $status == ii* ]] || printf '%s\n' "$p"
	done
}

pga_ensure_packages() {
	command -v dpkg-query >/dev/null 2>&1 ||
		pga_die "dpkg-query not found: these scripts expect Debian 12 (bookworm)"
	local missing
	mapfile -t missing < <(pga_missing_packages)
	if [ "${#missing[@]}" -eq 0 ]; then
		pga_say "Debian packages: all present"
		return 0
	fi
	if ! pga_is_root; then
		pga_die "missing Debian packages: ${missing[*]}
    install them as root, then rerun:
      apt-get update && apt-get install -y ${missing[*]}"
	fi
	pga_say "installing missing Debian packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# update only now: a machine that has everything never touches the network
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# C.UTF-8 is built into glibc on Debian 12; check anyway, initdb needs it.
pga_check_locale() {
	locale -a 2>/dev/null | grep -qix 'c\.utf-\?8' ||
		pga_die "the C.UTF-8 locale is missing (locale -a); on Debian it comes with libc-bin"
}

# ------------------------------------------------------------ PostgreSQL

# PG_CONFIG decides everything else.  Debian's /usr/bin/pg_config follows the
# newest installed server-dev package, so prefer 15's own copy; and run
# initdb/pg_ctl from its --bindir, never from PATH (other copies may lurk in
# /usr/local/bin).
pga_resolve_pg() {
	if [ -z "${PG_CONFIG:-}" ]; then
		if [ -x /usr/lib/postgresql/15/bin/pg_config ]; then
			PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
		else
			PG_CONFIG=$(command -v pg_config || true)
		fi
	fi
	[ -n "$PG_CONFIG" ] && command -v "$PG_CONFIG" >/dev/null 2>&1 ||
		pga_die "pg_config not found (install postgresql-server-dev-15 or set PG_CONFIG)"
	export PG_CONFIG
	PG_BINDIR=$("$PG_CONFIG" --bindir)
	PG_PKGLIBDIR=$("$PG_CONFIG" --pkglibdir)
	PG_VERSION_STR=$("$PG_CONFIG" --version)
	PG_MAJOR=$(printf '%s\n' "$PG_VERSION_STR" | sed -n 's/^PostgreSQL \([0-9]*\).*/\1/p')
	local b
	for b in initdb pg_ctl postgres psql; do
		[ -x "$PG_BINDIR/$b" ] ||
			pga_die "$PG_BINDIR/$b not found: is the server package for $PG_VERSION_STR installed?"
	done
	[ "$PG_MAJOR" = 15 ] || pga_warn "$PG_CONFIG is $PG_VERSION_STR; pg_article targets PostgreSQL 15"
}

# pga_build [werror]: werror = clean rebuild where any compiler warning fails
pga_build() {
	local jobs
	jobs=$(nproc 2>/dev/null || echo 2)
	cd "$PGA_ROOT"
	if [ "${1:-}" = werror ]; then
		pga_say "building pg_article (clean build, warnings are errors)"
		make -s PG_CONFIG="$PG_CONFIG" clean
		make -s -j"$jobs" PG_CONFIG="$PG_CONFIG" COPT='-Werror'
	else
		pga_say "building pg_article"
		make -s -j"$jobs" PG_CONFIG="$PG_CONFIG"
	fi
}

# True when what make built is what is installed already.
pga_installed_current() {
	local sharedir libdir f
	libdir=$("$PG_CONFIG" --pkglibdir)
	sharedir=$("$PG_CONFIG" --sharedir)/extension
	cmp -s pg_article.so "$libdir/pg_article.so" || return 1
	for f in pg_article.control pg_article--*.sql; do
		cmp -s "$f" "$sharedir/$f" || return 1
	done
}

pga_install() {
	local where
	where="$("$PG_CONFIG" --pkglibdir) and $("$PG_CONFIG" --sharedir)/extension"
	cd "$PGA_ROOT"
	# Not root: fine if someone already ran 'sudo make install' on this build.
	if ! pga_is_root && pga_installed_current; then
		pga_say "pg_article is installed already (identical files in $where)"
		return 0
	fi
	pga_say "installing pg_article into $where"
	if make -s PG_CONFIG="$PG_CONFIG" install; then
		return 0
	fi
	if ! pga_is_root; then
		pga_die "make install failed: it writes into directories owned by root.
    Run this script as root (sudo $0), or install this build as root
    (sudo make install PG_CONFIG=$PG_CONFIG) and rerun $0."
	fi
	pga_die "make install failed (see the messages above)"
}

# ------------------------------------------------------------ state

# Run a command as the server's OS user.  PostgreSQL refuses to run as root,
# so when we are root the servers (and the TAP tests, which run initdb) run as
# PGA_OS_USER.  cd / first: PostgreSQL programs fail when they cannot read
# their working directory (e.g. a repo under /root).
pga_as_server() {
	if pga_is_root; then
		(cd / && runuser -u "$PGA_OS_USER" -- "$@")
	else
		"$@"
	fi
}

pga_ensure_os_user() {
	if ! pga_is_root; then
		PGA_DB_SUPERUSER=$(id -un)
		return 0
	fi
	if ! id -u "$PGA_OS_USER" >/dev/null 2>&1; then
		pga_say "creating system user $PGA_OS_USER (runs the private servers: PostgreSQL will not run as root)"
		local group=(--user-group)
		if getent group "$PGA_OS_USER" >/dev/null; then group=(--gid "$PGA_OS_USER"); fi
		useradd --system "${group[@]}" --no-create-home --home-dir /nonexistent \
			--shell /usr/sbin/nologin "$PGA_OS_USER"
	fi
	# initdb names the bootstrap superuser after the OS user
	PGA_DB_SUPERUSER=$PGA_OS_USER
}

# The first directory on the way to $1 that PGA_OS_USER cannot enter.
pga_first_closed_dir() {
	local path=$1 sofar="" part
	local IFS=/
	for part in $path; do
		[ -n "$part" ] || continue
		sofar="$sofar/$part"
		if ! runuser -u "$PGA_OS_USER" -- test -x "$sofar" 2>/dev/null; then
			printf '%s\n' "$sofar"
			return 0
		fi
	done
	return 1
}

# mkdir owned by the server user, mode $2 (fixes owner/mode if it exists)
pga_server_dir() {
	mkdir -p -- "$1"
	if pga_is_root; then chown -- "$PGA_OS_USER:" "$1"; fi
	chmod "$2" -- "$1"
}

# Decide where clusters, sockets and logs live and create that layout:
#   $PGA_STATE/cluster      demo data directory
#   $PGA_STATE/testcluster  test data directory
#   $PGA_STATE/sock         unix socket directory (mode 0700: only the server
#                           user and root can connect)
#   $PGA_STATE/log          server logs
#   $PGA_STATE/tap          TESTDIR for the TAP tests
# Normally $PGA_STATE is <repo>/tmp (ignored by git).  When root and the
# server user cannot reach the repo (say it is under /root, mode 0700), the
# state goes to /var/tmp instead.
pga_setup_state() {
	pga_ensure_os_user
	PGA_STATE=${PGA_STATE_DIR:-$PGA_ROOT/tmp}
	PGA_REPO_READABLE=yes
	if pga_is_root; then
		local closed
		if closed=$(pga_first_closed_dir "$PGA_ROOT"); then
			PGA_REPO_READABLE=no
			if [ -z "${PGA_STATE_DIR:-}" ]; then
				PGA_STATE=/var/tmp/pg_article-$(printf '%s' "$PGA_ROOT" | cksum | cut -d' ' -f1)
				pga_note "note: user $PGA_OS_USER cannot enter $closed ($(stat -c %A "$closed")),"
				pga_note "      so the private servers live in $PGA_STATE instead of $PGA_ROOT/tmp"
			fi
		fi
	fi
	mkdir -p -- "$PGA_STATE"
	chmod 0755 -- "$PGA_STATE"
	pga_server_dir "$PGA_STATE/log" 0755
	# A unix socket path must stay under about 107 bytes.
	PGA_SOCKDIR=$PGA_STATE/sock
	if [ "${#PGA_SOCKDIR}" -gt 90 ]; then
		PGA_SOCKDIR=/tmp/pg_article-sock-$(printf '%s' "$PGA_STATE" | cksum | cut -d' ' -f1)
	fi
	pga_server_dir "$PGA_SOCKDIR" 0700
}

# ------------------------------------------------------------ clusters

pga_sql_quote() { printf "'%s'" "${1//\'/\'\'}"; }

# pga_cluster_init DATADIR PORT: initdb if needed, then (re)write our
# settings, so a changed port or path takes effect on the next start.
pga_cluster_init() {
	local data=$1 port=$2
	if [ -f "$data/PG_VERSION" ] && [ "$(cat "$data/PG_VERSION")" != "$PG_MAJOR" ]; then
		pga_note "$data was made by PostgreSQL $(cat "$data/PG_VERSION"); making a new one"
		rm -rf -- "$data"
	fi
	if [ ! -f "$data/PG_VERSION" ]; then
		rm -rf -- "$data"                  # leftovers of an interrupted initdb
		pga_server_dir "$data" 0700
		pga_say "initdb $data"
		pga_as_server "$PG_BINDIR/initdb" -D "$data" --encoding=UTF8 --locale=C.UTF-8 \
			--auth=trust --username="$PGA_DB_SUPERUSER" --no-sync --no-instructions \
			>"$PGA_STATE/log/initdb-$(basename "$data").log" 2>&1 || {
			cat "$PGA_STATE/log/initdb-$(basename "$data").log" >&2
			pga_die "initdb failed"
		}
		printf "\n# pg_article scripts: settings for this private server\ninclude 'pg_article.conf'\n" \
			| pga_as_server tee -a "$data/postgresql.conf" >/dev/null
	elif pga_is_root; then
		chown -R -- "$PGA_OS_USER:" "$data"  # e.g. made by an earlier non-root run
	fi
	# Test-friendly settings: socket only, no durability, nothing preloaded.
	pga_as_server tee "$data/pg_article.conf" >/dev/null <<-EOF
	# Written by scripts/lib.sh at every start; edits here are lost.
	listen_addresses = ''
	port = $port
	unix_socket_directories = $(pga_sql_quote "$PGA_SOCKDIR")
	unix_socket_permissions = 0700
	max_connections = 20
	shared_buffers = 32MB
	fsync = off
	synchronous_commit = off
	full_page_writes = off
	shared_preload_libraries = ''
	lc_messages = 'C'
	timezone = 'UTC'
	datestyle = 'iso, ymd'
	EOF
}

pga_cluster_running() {
	[ -f "$1/PG_VERSION" ] && pga_as_server "$PG_BINDIR/pg_ctl" -D "$1" status >/dev/null 2>&1
}

# pga_cluster_start DATADIR PORT LABEL: start, or restart when running (picks
# up a freshly installed pg_article.so and the rewritten settings)
pga_cluster_start() {
	local data=$1 port=$2 label=$3 log
	log=$PGA_STATE/log/$label-server.log
	pga_cluster_init "$data" "$port"
	local action=start
	if pga_cluster_running "$data"; then action=restart; fi
	pga_say "$action the $label server: $data, socket $PGA_SOCKDIR, port $port"
	if ! pga_as_server "$PG_BINDIR/pg_ctl" -D "$data" -l "$log" -w -t 60 "$action" >/dev/null; then
		tail -n 30 "$log" >&2 || true
		pga_die "the $label server did not start (full log: $log)"
	fi
}

pga_cluster_stop() {
	local data=$1 label=$2
	if pga_cluster_running "$data"; then
		pga_say "stopping the $label server ($data)"
		pga_as_server "$PG_BINDIR/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
	else
		pga_say "the $label server is not running"
	fi
}

# psql as the bootstrap superuser over the private socket: pga_psql PORT ARGS...
pga_psql() {
	local port=$1
	shift
	"$PG_BINDIR/psql" -X -v ON_ERROR_STOP=1 -P pager=off \
		-h "$PGA_SOCKDIR" -p "$port" -U "$PGA_DB_SUPERUSER" "$@"
}

pga_check_port() {
	[[ $2 =~ ^[0-9]+$ ]] && [ "$2" -ge 1024 ] && [ "$2" -le 65535 ] ||
		pga_die "$1 must be a port number between 1024 and 65535 (got '$2')"
}
