#!/usr/bin/env bash
# Runs a command the way systemd/flowd.service runs flowd, as far as a test can without systemd as PID 1:
#   NoNewPrivileges=yes, CapabilityBoundingSet=   setpriv --no-new-privs --bounding-set=-all
#   User=, Group=, SupplementaryGroups=           setpriv --reuid --regid --groups (an unprivileged uid)
#   ProtectSystem=strict                          a mount namespace where every mount is read-only but /proc,
#                                                 /sys and /dev, so /var/spool and /var/mail are too
#   StateDirectory=flowd                          STATE (the daemon's own directory) stays writable
#   UMask=0027, a clean environment
#   RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
#                                                 restrict_families.c (compiled here with gcc): the same seccomp
#                                                 filter, socket() of any other family fails with EAFNOSUPPORT
# The built binaries are bind-mounted read-only at STATE/bin: a checkout under /root would be closed to the
# unprivileged uid. Needs root (a mount namespace, setpriv); the namespace ends with the command.
#
# Usage: unit_sandbox.sh --uid UID --gid GID --groups GID[,GID] --state DIR --bin DIR -- COMMAND [ARG...]
set -euo pipefail

if [ "${UNIT_SANDBOX_INSIDE:-}" != 1 ]; then
    exec unshare --mount --propagation private -- env UNIT_SANDBOX_INSIDE=1 bash "$0" "$@"
fi

uid="" gid="" groups="" state="" bin=""
while [ $# -gt 0 ]; do
    case "$1" in
    --uid) uid="$2"; shift 2 ;;
    --gid) gid="$2"; shift 2 ;;
    --groups) groups="$2"; shift 2 ;;
    --state) state="$(realpath "$2")"; shift 2 ;;
    --bin) bin="$(realpath "$2")"; shift 2 ;;
    --) shift; break ;;
    *) echo "unit_sandbox: unknown option $1" >&2; exit 64 ;;
    esac
done
[ -n "$uid" ] && [ -n "$gid" ] && [ -n "$state" ] && [ -n "$bin" ] && [ $# -gt 0 ] || {
    echo "usage: unit_sandbox.sh --uid UID --gid GID [--groups GIDS] --state DIR --bin DIR -- COMMAND..." >&2
    exit 64
}

# Compiled before the mounts turn read-only; the filter goes on last, in front of the command.
tools="$state/.sandbox"
mkdir -p "$tools"
gcc -O2 -o "$tools/restrict_families" "$(dirname "$(realpath "$0")")/restrict_families.c"
chmod 0755 "$tools" "$tools/restrict_families"
if "$tools/restrict_families" python3 -c 'import socket; socket.socket(socket.AF_NETLINK, socket.SOCK_RAW)' 2>/dev/null
then
    echo "unit_sandbox: the address family filter lets AF_NETLINK through" >&2
    exit 70
fi

chown "$uid:$gid" "$state"
mkdir -p "$state/bin"
# A mount of its own, so the loop below can leave exactly it writable.
mount --bind "$state" "$state"
mount --bind "$bin" "$state/bin"

# mountinfo lists parents before children; field 5 is the mount point, with spaces written as \040.
while read -r _ _ _ _ target _; do
    target="${target//\\040/ }"
    case "$target" in
    /proc | /proc/* | /sys | /sys/* | /dev | /dev/* | "$state") continue ;;
    esac
    mount -o remount,bind,ro "$target" 2>/dev/null || echo "unit_sandbox: cannot make $target read-only" >&2
done </proc/self/mountinfo

# A sandbox that does not hold proves nothing: check the places an MTA's sendmail would write.
for path in / /etc /usr /var /var/spool /var/mail /tmp "$state/bin"; do
    if [ -e "$path" ] && [ -w "$path" ]; then
        echo "unit_sandbox: $path is still writable" >&2
        exit 70
    fi
done

umask 0027
exec setpriv --reuid="$uid" --regid="$gid" --groups="${groups:-$gid}" --no-new-privs --inh-caps=-all \
    --bounding-set=-all -- "$tools/restrict_families" env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    HOME=/nonexistent "$@"
