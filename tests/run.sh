#!/bin/sh
# The whole test suite, on a fresh Debian machine with Python 3.11: installs what it needs
# (Dovecot, PostgreSQL and poppler-utils through apt-get when root), builds .venv, runs pytest.
set -eu
cd "$(dirname "$0")/.."

need_apt=""
[ -x /usr/sbin/dovecot ] || need_apt="$need_apt dovecot-imapd dovecot-lmtpd"
command -v pdftotext >/dev/null 2>&1 || need_apt="$need_apt poppler-utils"
[ -x "${MAILBOT_PG_BIN:-/usr/lib/postgresql/15/bin}/postgres" ] || need_apt="$need_apt postgresql"
python3 -c 'import ensurepip' 2>/dev/null || need_apt="$need_apt python3-venv"
if [ -n "$need_apt" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "tests/run.sh: installing$need_apt with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # Debian starts the system Dovecot and PostgreSQL on install; the tests run private ones.
        apt-get install -y -qq --no-install-recommends $need_apt >/dev/null
        for service in dovecot postgresql; do
            (command -v systemctl >/dev/null && systemctl disable --now $service) >/dev/null 2>&1 || true
            (command -v service >/dev/null && service $service stop) >/dev/null 2>&1 || true
        done
    else
        echo "tests/run.sh: these Debian packages are missing:$need_apt" >&2
        echo "  install them as root:  sudo apt-get install$need_apt" >&2
        exit 1
    fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check '.[test]'
export MAILBOT_REQUIRE_SERVERS=1
# One pytest worker per core (pytest-xdist), a test file's tests on one worker: each worker
# starts its own private servers, so the files run side by side.
exec .venv/bin/python -m pytest -q -n auto --dist loadfile "$@"
