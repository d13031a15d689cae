"""A deliberately faulty solver for the fault tests, wired in through the test hook
CHECKERS_SOLVER_COMMAND (checkers.smt): `python tests/fake_solver.py MODE...`, one mode per
misbehaviour; a query a mode does not touch goes to the real solver (checkers.smt_worker).

  lying-z3        z3 answers unsat to everything
  lying-cvc5      cvc5 answers unsat to everything
  slow-cvc5=S     cvc5 starts S seconds late (a machine too busy to give it time)
  hung-z3         z3 never answers
  hung-cvc5       cvc5 never answers
  pid-file=PATH   append this process's pid to PATH (the tests check it dies with its parent)
  log=PATH        append {"solver", "timeout_ms"} of each query to PATH
"""
import json
import os
import sys
import time

from checkers import smt_worker
from checkers.lifeline import die_with_parent


def main(modes) -> None:
    die_with_parent(int(os.environ.get("CHECKERS_SOLVER_PARENT", os.getppid())))
    query = json.load(sys.stdin)
    solver = query.get("solver", "z3")
    options = dict(m.split("=", 1) if "=" in m else (m, "") for m in modes)
    if "pid-file" in options:
        with open(options["pid-file"], "a") as f:
            f.write(f"{os.getpid()}\n")
    if "log" in options:
        with open(options["log"], "a") as f:
            f.write(json.dumps({"solver": solver, "timeout_ms": query.get("timeout_ms")}) + "\n")
    if f"hung-{solver}" in options:
        time.sleep(3600)
    if f"slow-{solver}" in options:
        time.sleep(float(options[f"slow-{solver}"]))
    if f"lying-{solver}" in options:
        print(json.dumps({"result": "unsat"}))
        return
    print(json.dumps(smt_worker.answer(query)))


if __name__ == "__main__":
    main(sys.argv[1:])
