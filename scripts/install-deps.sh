#!/bin/sh
# Installs what nianbaod needs to build and run on Debian (idempotent; needs root):
# the C libraries it links (libsystemd, libxml2, jemalloc), pdftotext for PDF submissions, and make.
# With --test it also installs what the test suite uses: inotify-tools (the shell baseline of the
# daemon benchmark), Postfix for local delivery (scripts/setup-postfix.sh) and jq.
set -eu

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps.sh: run as root (it installs Debian packages)" >&2
    exit 1
fi

packages="libsystemd-dev libxml2-dev zlib1g-dev libjemalloc-dev pkg-config poppler-utils make systemd"
if [ "${1:-}" = "--test" ]; then
    packages="$packages inotify-tools jq util-linux python3-reportlab poppler-data"
fi

missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $package"
    fi
done
if [ -n "$missing" ]; then
    echo "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ "${1:-}" = "--test" ]; then
    "$(dirname "$0")/setup-postfix.sh"
    "$(dirname "$0")/start-journald.sh"
fi
