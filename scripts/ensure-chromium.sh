#!/bin/sh
# The browser tests drive Debian's Chromium (never a downloaded browser build).
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "Installing Debian's chromium and chromium-driver for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  exit $?
fi
echo "warning: Chromium not found. The browser tests need it: sudo apt-get install chromium chromium-driver" >&2
