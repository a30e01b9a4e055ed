# The two commands a newcomer needs: `make run` and `make test`. The rest are their parts.
.PHONY: run demo test build setup e2e bench fuzz

run:            ## set up, build and run the app on http://127.0.0.1:3000 (SQLite in ./data)
	scripts/run.sh

demo:           ## like run, wired to the fake Composio on :9900: connect apps fully offline
	scripts/demo.sh

test:           ## set up and run every test (lints, SQLite, PostgreSQL, browser)
	scripts/test.sh

build:          ## build the web bundle and the release server
	scripts/setup.sh && scripts/build.sh

e2e:            ## browser tests against an existing release build
	scripts/e2e.sh

bench:          ## HTTP and daemon-load benchmarks on SQLite and PostgreSQL (prints figures)
	bench/http.sh
	bench/daemons.sh
	bench/composio.sh
	bench/broker.sh
	bench/tasks.sh

fuzz:           ## fuzz the untrusted-text parsers, FUZZ_SECONDS (default 60) per target
	scripts/fuzz.sh
