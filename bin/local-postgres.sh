#!/usr/bin/env bash
# Shell functions that bring up the local PostgreSQL for XSEN's run, test and benchmark commands.

# Brings up the local PostgreSQL: starts it if stopped, installs it from Debian's packages if missing.
ensure_local_postgres() {
	if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
		return
	fi
	if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
		echo "xsen: PostgreSQL is not installed; installing it from Debian's packages" >&2
		as_root apt-get update -qq
		DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
	fi
	local version
	version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)
	echo "xsen: starting local PostgreSQL $version" >&2
	as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
	for _ in $(seq 1 30); do
		pg_isready -q -h 127.0.0.1 -p 5432 && break
		sleep 1
	done
	pg_isready -q -h 127.0.0.1 -p 5432 || { echo "xsen: PostgreSQL did not come up on 127.0.0.1:5432" >&2; exit 1; }
	# A fresh Debian install asks for a password over TCP: give the local superuser the one our defaults use.
	if ! PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
		as_root runuser -u postgres -- psql -q -c "ALTER USER postgres PASSWORD 'postgres'"
	fi
}

ensure_local_database() {
	local name=$1
	if ! PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d postgres -tAc \
		"SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
		PGPASSWORD=postgres psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $name"
		echo "xsen: created the database $name on the local PostgreSQL" >&2
	fi
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
