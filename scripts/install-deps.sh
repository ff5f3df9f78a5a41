#!/bin/sh
# Installs the Debian packages that building and testing wuprobe need.
# Idempotent: asks dpkg first and stays quiet when everything is there.
# Usage: scripts/install-deps.sh [build|test]   (default: test, which includes build)
set -eu

build_pkgs="gcc make pkg-config libcurl4-openssl-dev libc-ares-dev libssl-dev duktape-dev libidn2-dev libseccomp-dev libmicrohttpd-dev libjansson-dev"
test_pkgs="libcmocka-dev dnsmasq-base nginx-light openssl iproute2 util-linux procps
python3 python3-pytest python3-cryptography curl faketime bsdutils strace man-db groff-base squid-openssl tinyproxy prometheus prometheus-node-exporter systemd
libmonitoring-plugin-perl"

case "${1:-test}" in
  build) want=$build_pkgs ;;
  test)  want="$build_pkgs $test_pkgs" ;;
  *) echo "usage: $0 [build|test]" >&2; exit 3 ;;
esac

missing=""
for p in $want; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "install-deps: missing packages:$missing (run as root to install them)" >&2
    exit 3
  fi
else
  SUDO=""
fi

echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# nginx's package would start a system-wide server; keep services down while installing.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  made_policy=1
fi
rc=0
{ $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null; } || rc=$?
[ "$made_policy" = 1 ] && $SUDO rm -f "$policy"
if [ "$rc" -ne 0 ]; then
  echo "install-deps: apt-get failed (exit $rc)" >&2
  exit 3
fi
