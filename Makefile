# deepmath — two commands do everything on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
STUDENT_ENV ?= $(or $(DEEPMATH_STUDENT_ENV),/opt/deepmath/student-env)
export DEEPMATH_STUDENT_ENV := $(STUDENT_ENV)

.PHONY: demo test test-fast lint hub hub-stop setup student-env clean

# The grader's venv (reference/, autograder/, nbgrader, TensorFlow for the Keras chapters).
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[tf,data,hub,test,cluster]'
	touch $(STAMP)

# The students' kernel environment, also used by the grading sandbox (bubblewrap installed here).
student-env:
	scripts/student_env.sh

setup: $(STAMP) student-env

demo: setup
	$(VENV)/bin/deepmath demo

# Hub and browser tests need the hub environments, Debian chromium and root (idempotent;
# as a non-root user the script exits 0 and those tests skip).
test: setup
	scripts/hub_setup.sh --test
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not slow and not hub and not browser and not tf"

lint: setup
	$(VENV)/bin/ruff check reference autograder tests
	$(VENV)/bin/mypy --strict autograder

# The course hub on this machine (hub_config/README.md): PAM logins for the roster's Unix
# accounts, nbgrader exchange, ch01 released. Ctrl-C or `make hub-stop` stops everything.
HUB_PORT ?= $(or $(DEEPMATH_HUB_PORT),8000)
HUB_ROSTER ?= $(or $(DEEPMATH_HUB_ROSTER),hub_config/roster.example.csv)
hub: setup
	scripts/hub_setup.sh
	DEEPMATH_HUB_PORT=$(HUB_PORT) DEEPMATH_HUB_ROSTER=$(abspath $(HUB_ROSTER)) \
	  PYTHONPATH=hub_config $(PY) -m deepmath_hub run

hub-stop:
	PYTHONPATH=hub_config $(PY) -m deepmath_hub stop

clean:
	rm -rf $(VENV) demo var course/release course/submitted course/autograded course/feedback course/gradebook.db
