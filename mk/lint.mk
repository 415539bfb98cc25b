# mk/lint.mk - `make lint`: cppcheck over gen/; included by the Makefile.
#
# Fails on any finding. The checks are the ones that find bugs or dead code
# in C (warning, style, performance, portability); the configuration is the
# one we build (the -D flags below), with POSIX's functions known (so
# opendir/closedir and fopen/fclose pairs are checked for leaks).
#
# A finding is fixed, or, when cppcheck is wrong, suppressed on its line with
#   /* cppcheck-suppress <id> ; reason */
# Disabled here, for every file:
#   readdirCalled  advises readdir_r, which glibc deprecates (2.24) and POSIX
#                  marks obsolescent: readdir on a stream that one thread owns
#                  is safe, and that is how gen/ uses it.

LINT_FLAGS := --std=c11 --enable=warning,style,performance,portability --error-exitcode=1 \
              --inline-suppr --quiet --library=posix --suppress=readdirCalled \
              -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Igen

.PHONY: lint

lint:
	@command -v cppcheck >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cppcheck >/dev/null; } \
	  || { echo "lint: cppcheck is not installed (apt-get install cppcheck)"; exit 1; }
	cppcheck $(LINT_FLAGS) gen/
	@echo "lint: cppcheck found nothing in gen/"
