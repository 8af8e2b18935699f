# Sigap — the two commands a Pemda's IT team needs:
#   make run    install what is missing, build (Release), create ./sigap.db with
#               the demo Pemda and start the server on http://127.0.0.1:8080
#   make test   install what is missing, build (Debug + ASan/UBSan), run every test
#
# Other targets: make build (Release only), make bench, make format, make clean.

JOBS      ?= $(shell nproc)
DB        ?= sigap.db
LISTEN    ?= 127.0.0.1:8080
RELEASE   := build/release
ASAN      := build/asan
CMAKE_GEN := -G Ninja -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

# ccache hits across checkouts in other folders (CI clones afresh each run).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: run test build web setup bench format clean

setup:
	@scripts/setup

$(RELEASE)/build.ninja:
	@cmake -S . -B $(RELEASE) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release >/dev/null

$(ASAN)/build.ninja:
	@cmake -S . -B $(ASAN) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DSIGAP_SANITIZE=ON >/dev/null

build: setup $(RELEASE)/build.ninja
	@cmake --build $(RELEASE) -j $(JOBS) --target sigap

# The web app (web/dist, served by `sigap serve`). npm ci runs only when
# node_modules is missing or package-lock.json changed since the last one.
web/node_modules/.package-lock.json: web/package-lock.json
	@scripts/check-node
	@cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null

web: setup web/node_modules/.package-lock.json
	@cd web && SIGAP_QUIET=1 npm run --silent build

run: build web
	@$(RELEASE)/sigap migrate --db $(DB)
	@$(RELEASE)/sigap demo --db $(DB) --if-empty
	@exec $(RELEASE)/sigap serve --db $(DB) --listen $(LISTEN)

test: setup web $(ASAN)/build.ninja
	@scripts/setup --test
	@cmake --build $(ASAN) -j $(JOBS)
	@cd $(ASAN) && ctest --output-on-failure -j $(JOBS)

bench:
	@scripts/setup --bench
	@bench/run

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

clean:
	rm -rf build
