#!/usr/bin/env bash
# nix-unstable.sh: make a current Nix (Debian sid's nix-bin) runnable without installing it,
# and print the path of a wrapper `nix` binary on stdout (progress goes to stderr).
#
# Why: flake-unify must be byte-identical to Nix 2.8 (Debian bookworm's nix-bin) AND to
# current Nix (2.30+), and bookworm has only 2.8. sid's nix-bin needs sid's glibc/libstdc++,
# so we unpack nix-bin and its library closure with `dpkg -x` (nothing is installed, the
# system's dpkg database is untouched) and run it through sid's own dynamic loader.
#
# Besides bin/nix it writes bin/nix-instantiate: Nix picks the command from the name it is
# run as (nix-instantiate is a symlink to nix in the package), so that wrapper passes the
# name with ld.so's --argv0 (glibc >= 2.33). Tests find it next to bin/nix.
#
# Idempotent: a finished unpack is marked by $DIR/complete and reused; a second run costs a
# `nix --version`. Concurrent runs are serialised with flock.
#
# Env: FLAKE_UNIFY_NIX_SID_DIR   where to unpack (default ${XDG_CACHE_HOME:-$HOME/.cache}/flake-unify/nix-sid)
#      FLAKE_UNIFY_NIX_SID_SUITE Debian suite to take nix-bin from (default sid)
#      FLAKE_UNIFY_DEBIAN_MIRROR  (default http://deb.debian.org/debian)
set -euo pipefail

DIR=${FLAKE_UNIFY_NIX_SID_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/flake-unify/nix-sid}
SUITE=${FLAKE_UNIFY_NIX_SID_SUITE:-sid}
MIRROR=${FLAKE_UNIFY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
WRAPPER=$DIR/bin/nix

log() { printf 'nix-unstable: %s\n' "$*" >&2; }

# LAYOUT names what this script unpacks and how; bump it when that changes so
# caches made by an older version of the script are redone.
# 3: bin/nix-instantiate.
LAYOUT=3

# ready: the unpack of this LAYOUT finished and the binary actually runs.
ready() {
  [ "$(head -n1 "$DIR/complete" 2>/dev/null)" = "layout $LAYOUT" ] && [ -x "$WRAPPER" ] &&
    [ -x "$DIR/bin/nix-instantiate" ] && "$WRAPPER" --version >/dev/null 2>&1
}

mkdir -p "$DIR"
exec 9>"$DIR/.lock"
flock 9

if ready; then
  log "reusing $("$WRAPPER" --version) in $DIR"
  printf '%s\n' "$WRAPPER"
  exit 0
fi

start=$(date +%s)
rm -f "$DIR/complete"
A=$DIR/apt
rm -rf "$A" "$DIR/root.new"
mkdir -p "$A/state/lists/partial" "$A/cache/archives/partial" "$A/debs" "$A/etc/preferences.d"
touch "$A/state/status"
# A private apt: only the sid source, its own lists/cache/status, no pinning from the host.
# The host's apt.conf.d (proxies, Check-Valid-Until) and keyrings still apply.
cat >"$A/etc/sources.list" <<EOF
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR $SUITE main
EOF
apt_opts=(
  -o "Dir::Etc::SourceList=$A/etc/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::Etc::Preferences=/dev/null"
  -o "Dir::Etc::PreferencesParts=$A/etc/preferences.d"
  -o "Dir::State=$A/state"
  -o "Dir::State::status=$A/state/status"
  -o "Dir::Cache=$A/cache"
  -o "APT::Get::List-Cleanup=false"
  -o "APT::Sandbox::User=root"
  -o "Acquire::Retries=3"
)

log "apt-get update ($SUITE)"
apt-get "${apt_opts[@]}" -qq update >&2

# The run-time closure of nix-bin: Pre-Depends and Depends, recursively. With an empty status
# file apt knows nothing is installed, so this is the full closure down to libc6. Only
# libraries (and nix-bin; zlib1g is a library too) are unpacked: the executables, maintainer scripts and data of
# other packages (perl, python, debconf, …) are not needed to run `nix`.
log "resolving the closure of nix-bin"
apt-cache "${apt_opts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances nix-bin |
  grep -v '^ ' | grep -v '^<' | sort -u |
  grep -E '^(lib|zlib1g$|nix-bin$)' |
  grep -v -E 'perl|python|^libpam-modules|^libdebconf|^libdebian-installer|^libnewt|^libsemanage|^libtextwrap|^libslang' \
    >"$A/pkgs"
log "downloading $(wc -l <"$A/pkgs") packages"
(cd "$A/debs" && apt-get "${apt_opts[@]}" -qq download $(cat "$A/pkgs") >&2)

log "unpacking"
mkdir -p "$DIR/root.new"
for f in "$A"/debs/*.deb; do dpkg-deb -x "$f" "$DIR/root.new"; done
rm -rf "$DIR/root"
mv "$DIR/root.new" "$DIR/root"

# The wrapper finds the tree relative to itself, so the cache dir can move.
# ld.so --library-path makes sid's libraries win over the host's for this process only.
shopt -s nullglob
loaders=("$DIR"/root/usr/lib/*-linux-gnu*/ld-linux*.so.*)
shopt -u nullglob
[ ${#loaders[@]} -gt 0 ] || { log "no dynamic loader found in the unpacked tree"; exit 1; }
ldso=${loaders[0]#"$DIR/root/"}
triplet=$(basename "$(dirname "$ldso")")
mkdir -p "$DIR/bin"
# wrapper NAME [ARGV0]: write bin/NAME, which runs usr/bin/nix (as ARGV0, if given).
wrapper() {
  local out=$DIR/bin/$1 argv0=${2:+ --argv0 $2}
  cat >"$out.new" <<EOF
#!/bin/sh
# Runs Debian $SUITE's $1 through its own loader and libraries (written by .ci/nix-unstable.sh).
R=\$(CDPATH= cd -- "\$(dirname -- "\$(readlink -f -- "\$0")")/../root" && pwd)
L=\$R/usr/lib/$triplet
exec "\$R/$ldso" --library-path "\$L:\$R/lib/$triplet:\$L/nix"$argv0 "\$R/usr/bin/nix" "\$@"
EOF
  chmod +x "$out.new"
  mv "$out.new" "$out"
}
wrapper nix
# Nix dispatches on the base name of argv[0]; ld.so --argv0 needs glibc >= 2.33.
"$DIR/root/$ldso" --help 2>/dev/null | grep -q -- --argv0 ||
  { log "the unpacked ld.so has no --argv0 (glibc < 2.33?)"; exit 1; }
wrapper nix-instantiate nix-instantiate
"$DIR/bin/nix-instantiate" --version | grep -q '^nix-instantiate ' ||
  { log "bin/nix-instantiate does not run as nix-instantiate"; exit 1; }

version=$("$WRAPPER" --version)
printf 'layout %s\n%s\n' "$LAYOUT" "$version" >"$DIR/complete"
rm -rf "$A/debs" "$A/cache"
log "$version unpacked in $(($(date +%s) - start))s"
printf '%s\n' "$WRAPPER"
