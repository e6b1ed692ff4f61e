#!/usr/bin/env bash
# gitea.sh: build Gitea for the forge tests and print the path of its binary on stdout
# (progress goes to stderr).
#
# Why: the pull-request bot is judged against a real Gitea, and Gitea is not packaged in
# Debian bookworm. It builds from the Go module proxy with nothing but Go and a C compiler
# (cgo for SQLite). The build is the plain, non-bindata one: the binary reads options/,
# templates/ and public/ at run time, so they are copied next to it and the tests point
# STATIC_ROOT_PATH at the binary's directory. The web front end (JS/CSS, built with npm) is
# left out: the tests speak only the API and git over HTTP.
#
# Layout of the cache, one directory per Gitea version so that another version or layout is
# another directory and never replaces files under a running test:
#   $DIR/gitea                      the binary
#   $DIR/{options,templates,public} its run-time assets
#   $DIR/complete                   "layout N" and the binary's version: the build finished
# A build happens in a sibling staging directory and is moved into place when it works, so a
# failed or interrupted build leaves nothing half-made behind. Concurrent runs are serialised
# with flock; a finished build is reused (a second run costs a `gitea --version`).
#
# Env: FLAKE_UNIFY_GITEA_DIR  where to put it (default ${XDG_CACHE_HOME:-$HOME/.cache}/flake-unify/gitea-1.26.1)
#      GOPROXY, GOMODCACHE, GOCACHE, GOFLAGS  as usual for go
set -euo pipefail

VERSION=1.26.1 # newer versions may not resolve every dependency through the proxy
MODULE=code.gitea.io/gitea
TAGS='sqlite sqlite_unlock_notify'
DIR=${FLAKE_UNIFY_GITEA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/flake-unify/gitea-$VERSION}
BIN=$DIR/gitea

# LAYOUT names what this script puts in $DIR; bump it when that changes so caches made by
# an older version of the script are redone.
LAYOUT=1

log() { printf 'gitea: %s\n' "$*" >&2; }

ready() {
  [ "$(head -n1 "$DIR/complete" 2>/dev/null)" = "layout $LAYOUT" ] && [ -x "$BIN" ] &&
    [ -d "$DIR/options" ] && [ -d "$DIR/templates" ] && [ -d "$DIR/public" ] &&
    "$BIN" --version 2>/dev/null | grep -q "version $VERSION "
}

parent=$(dirname "$DIR")
mkdir -p "$parent"
exec 9>"$DIR.lock"
flock 9

if ready; then
  log "reusing $(head -n2 "$DIR/complete" | tail -n1) in $DIR"
  printf '%s\n' "$BIN"
  exit 0
fi

command -v go >/dev/null || { log "go is not on PATH"; exit 1; }
cc=$(go env CC)
command -v "$cc" >/dev/null || { log "no C compiler ($cc): SQLite needs cgo (apt-get install gcc libc6-dev)"; exit 1; }

start=$(date +%s)
stage=$parent/.$(basename "$DIR").build
rm -rf "$stage"
mkdir -p "$stage"
trap 'rm -rf "$stage"' EXIT

log "downloading $MODULE@v$VERSION"
# From the empty staging directory, so that no go.mod or go.work around the caller is used.
src=$(cd "$stage" && GOWORK=off go mod download -json "$MODULE@v$VERSION" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { log "go mod download gave no source directory"; exit 1; }

# The module cache is read-only and the build needs Gitea's own go.mod (its replace
# directives rule out `go install module@version`), so build in a writable copy.
cp -R "$src" "$stage/src"
chmod -R u+w "$stage/src"

log "building with tags '$TAGS' (a few minutes; the dependencies come from the module proxy)"
(
  cd "$stage/src"
  CGO_ENABLED=1 GOWORK=off go build -trimpath -tags "$TAGS" \
    -ldflags "-s -w -X 'main.Version=$VERSION' -X 'main.Tags=$TAGS'" \
    -o "$stage/out/gitea" .
)
cp -R "$stage/src/options" "$stage/src/templates" "$stage/src/public" "$stage/out/"
version=$("$stage/out/gitea" --version)
printf 'layout %s\n%s\n' "$LAYOUT" "$version" >"$stage/out/complete"

rm -rf "$DIR"
mv "$stage/out" "$DIR"
ready || { log "the build in $DIR does not run"; exit 1; }
log "$version built in $(($(date +%s) - start))s"
printf '%s\n' "$BIN"
