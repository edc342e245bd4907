#! /bin/sh
# Generates ./configure and the Makefile templates from a git checkout.
set -e
autoreconf --install --force
