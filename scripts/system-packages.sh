# Debian packages PrivaTrack needs; sourced by run.sh and run-tests.sh. Installs only what is missing.
# A C compiler and Python's headers build the optional native classifier module (privatrack/core/classify/_ngram.c);
# without them pip still installs and the classifier runs in pure Python, slower. In both lists (the test list
# starts with the runtime one): CI must build it (PRIVATRACK_REQUIRE_NATIVE in run-tests.sh).
BUILD_PACKAGES="gcc libc6-dev python3-dev"
RUNTIME_PACKAGES="$BUILD_PACKAGES libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxkbcommon0 libegl1 libgl1 libfontconfig1
  libdbus-1-3 libglib2.0-0 fonts-noto-cjk"
TEST_PACKAGES="$RUNTIME_PACKAGES dovecot-imapd gnome-keyring dbus dbus-x11 notmuch bogofilter"

install_system_packages() {
  local wanted missing=()
  if [ "$1" = test ]; then wanted=$TEST_PACKAGES; else wanted=$RUNTIME_PACKAGES; fi
  python3 -c 'import ensurepip, venv' 2>/dev/null || wanted="$wanted python3-venv"
  command -v dpkg-query >/dev/null || return 0  # not Debian: install the equivalents yourself
  for p in $wanted; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
