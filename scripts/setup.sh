#!/usr/bin/env bash
# Installs the system packages tvetplan needs to build and test, on Debian/Ubuntu, after
# checking exactly what each build step looks for:
#   libclang     bindgen (run by highs-sys) loads libclang.so, libclang-N.so, libclang.so.N or
#                libclang-N.so.N at build time. libclang-cpp.so.N is a different library and
#                does not count: mistaking it for libclang made a fresh build fail after
#                25 minutes (issue 13).                                  -> libclang-dev
#   cmake, C++   highs-sys builds HiGHS from C++ source with CMake and $CXX or c++/g++/clang++,
#   make         through CMake's Makefile generator.                    -> cmake g++ make
#   poppler      pdftotext, pdfinfo and pdffonts read the PDF brief in the tests.
#                                                                        -> poppler-utils
#
# Usage: scripts/setup.sh            install what is missing (as root, or with sudo -n);
#                                    without either, print the exact command and exit 1
#        scripts/setup.sh --check    only say what is found and what would be installed;
#                                    exit 0 when nothing is missing, 1 otherwise
#
# TVETPLAN_SETUP_ROOT=DIR puts DIR in front of every path searched (libraries, and each
# folder of $PATH for commands), so the tests can run the detection on a fake file system
# that the developer's machine cannot leak into.
set -euo pipefail
shopt -s nullglob

root="${TVETPLAN_SETUP_ROOT:-}"
root="${root%/}"
check_only=false
case "${1:-}" in
  "") ;;
  --check) check_only=true ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "setup: unknown argument '$1' (expected --check or nothing)" >&2
    exit 2
    ;;
esac

# --check answers on stdout; an install run keeps stdout clean for whatever follows.
say() {
  if $check_only; then echo "setup: $*"; else echo "setup: $*" >&2; fi
}

# The path as the user knows it (without the fake root).
shown() { echo "${1#"$root"}"; }

# A shared library bindgen can load: a readable ELF file (a dangling symlink does not count).
is_elf() {
  [ -f "$1" ] && [ -r "$1" ] && [ "$(head -c 4 "$1" 2>/dev/null)" = $'\x7fELF' ]
}

# A file name bindgen accepts as libclang (clang-sys skips libclang-cpp too).
is_libclang_name() {
  case "${1##*/}" in
    *-cpp.*) return 1 ;;
    libclang.so | libclang.so.* | libclang-*.so | libclang-*.so.*) return 0 ;;
    *) return 1 ;;
  esac
}

# Prints the first libclang in folder $1 that bindgen could load.
libclang_in() {
  local file
  for file in "$1"/libclang.so "$1"/libclang.so.* "$1"/libclang-*.so "$1"/libclang-*.so.*; do
    if is_libclang_name "$file" && is_elf "$file"; then
      echo "$file"
      return 0
    fi
  done
  return 1
}

# Prints the first libclang bindgen would load, searching where clang-sys searches: only
# $LIBCLANG_PATH (a file or a folder) when it is set; else $LD_LIBRARY_PATH, $LIBRARY_PATH
# and the usual folders (/usr/lib/llvm-N/lib, /usr/lib/x86_64-linux-gnu, /usr/lib64,
# /usr/local/lib, ...).
find_libclang() {
  local dir
  if [ -n "${LIBCLANG_PATH:-}" ]; then
    dir="$root$LIBCLANG_PATH"
    if [ -f "$dir" ]; then
      is_libclang_name "$dir" && is_elf "$dir" && echo "$dir"
      return
    fi
    libclang_in "$dir"
    return
  fi
  local -a extra
  IFS=: read -r -a extra <<<"${LD_LIBRARY_PATH:-}:${LIBRARY_PATH:-}"
  for dir in "${extra[@]}"; do
    [ -n "$dir" ] && libclang_in "$root$dir" && return 0
  done
  # clang-sys's folder patterns for Linux, expanded under the root.
  for dir in "$root"/usr/local/llvm*/lib* "$root"/usr/local/lib*/*/* "$root"/usr/local/lib*/* \
    "$root"/usr/local/lib* "$root"/usr/lib*/*/* "$root"/usr/lib*/* "$root"/usr/lib*; do
    [ -d "$dir" ] && libclang_in "$dir" && return 0
  done
  return 1
}

# Prints the first executable `name` in $PATH (each folder under the root), or checks the
# path itself when the name has a slash (CXX=/usr/bin/g++-12).
find_command() {
  local dir
  if [ "${1#*/}" != "$1" ]; then
    [ -f "$root$1" ] && [ -x "$root$1" ] && echo "$root$1"
    return
  fi
  local IFS=:
  for dir in $PATH; do
    [ -n "$dir" ] || continue
    if [ -f "$root$dir/$1" ] && [ -x "$root$dir/$1" ]; then
      echo "$root$dir/$1"
      return 0
    fi
  done
  return 1
}

missing=()
# report WHAT PACKAGE FOUND WHY: says what one check found; a miss adds PACKAGE to install.
report() {
  local what="$1" package="$2" found="$3" why="$4"
  if [ -n "$found" ]; then
    say "$what: $(shown "$found") (ok)"
  else
    say "$what: missing ($why) -> $package"
    case " ${missing[*]:-} " in *" $package "*) ;; *) missing+=("$package") ;; esac
  fi
}

detect() {
  missing=()
  report libclang libclang-dev "$(find_libclang || true)" \
    "bindgen needs libclang.so, libclang-N.so or libclang.so.N; libclang-cpp does not count"
  report cmake cmake "$(find_command cmake || true)" "HiGHS is built with CMake"
  local cxx=""
  if [ -n "${CXX:-}" ]; then
    cxx="$(find_command "${CXX%% *}" || true)"
  else
    for compiler in c++ g++ clang++; do
      cxx="$(find_command "$compiler" || true)"
      [ -n "$cxx" ] && break
    done
  fi
  report "C++ compiler" g++ "$cxx" "HiGHS is C++; looked for ${CXX:-c++, g++ and clang++}"
  report make make "$(find_command make || true)" "CMake's Makefile generator runs make"
  for tool in pdftotext pdfinfo pdffonts; do
    report "$tool" poppler-utils "$(find_command "$tool" || true)" "the tests read the PDF brief with it"
  done
}

detect

if [ ${#missing[@]} -eq 0 ]; then
  $check_only && say "nothing to install"
  exit 0
fi
if $check_only; then
  say "would install: ${missing[*]}"
  exit 1
fi

command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  say "no apt-get here: install the equivalent of '${missing[*]}' with this system's package manager"
  exit 1
fi
say "installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  say "cannot install system packages without root. Run:"
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi

# Installed is not the same as found: check again, so a package that does not provide what
# the build looks for stops here and not 25 minutes into the build.
detect
if [ ${#missing[@]} -ne 0 ]; then
  say "still missing after installing: ${missing[*]} (see the lines above)"
  exit 1
fi
