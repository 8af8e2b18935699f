#!/usr/bin/env bash
# Fails when a C++ file of the project is not formatted by .clang-format
# (run `make format` to fix).
set -euo pipefail
cd "$1"
files=$(find src tests bench -name '*.h' -o -name '*.cc' | sort)
clang-format --dry-run --Werror $files
echo "$(echo "$files" | wc -l) files formatted"
