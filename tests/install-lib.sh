# tests/install-lib.sh: running installed programs as on a machine without
# the source tree, for tests/cli/install.sh and tests/cli/deb.sh. Sourced
# after tests/lib.sh (it uses $ROOT and $WORK).
#
#   without_tree [--usr-local DIR] COMMAND...: runs COMMAND (as root) in a
#   private mount namespace where $ROOT, the source and build trees, is an
#   empty folder (or gone with /tmp, for a checkout below it); $WORK/run is
#   the current folder, /tmp/run; and with
#   --usr-local, DIR (a scratch install's usr/local) is /usr/local. Nothing
#   outside the namespace sees any of it, and it ends with COMMAND.
without_tree() {
    local usr_local=
    if [[ $1 == --usr-local ]]; then
        usr_local=$2
        shift 2
    fi
    mkdir -p "$WORK/run"
    unshare --mount --propagation private -- bash -c '
        set -e
        usr_local=$1 root=$2 run=$3
        shift 3
        [[ -z $usr_local ]] || mount --bind "$usr_local" /usr/local
        exec 3<"$run"   # still reachable when the checkout is below /tmp
        mount -t tmpfs starmark-tmp /tmp
        mkdir /tmp/run
        mount --bind /proc/self/fd/3 /tmp/run
        exec 3<&-
        [[ ! -d $root ]] || mount -t tmpfs starmark-no-tree "$root"
        cd /tmp/run
        exec "$@"' without-tree "$usr_local" "$ROOT" "$WORK/run" "$@"
}
