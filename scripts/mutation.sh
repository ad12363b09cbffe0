#!/usr/bin/env bash
# Mutation testing with mutmut over the modules listed in pyproject's [tool.mutmut].
# Too slow for CI (about 10,000 mutants); run it by hand. See docs/testing.md.
#
#   scripts/mutation.sh                  # the default sample (below), one worker
#   SAMPLE=1 scripts/mutation.sh         # every mutant (hours on 2 cores)
#   SAMPLE=5 MODULES="strive.gap strive.profile" scripts/mutation.sh
#   JOBS=2 TIME_LIMIT=1800 scripts/mutation.sh
#   RESUME=1 scripts/mutation.sh         # skip chosen mutants that already have a result
#
# SAMPLE=N keeps the mutants whose name's CRC-32 is divisible by N: a deterministic
# sample (the same names on every run and machine) spread over every function.
# Modules in FULL are always run whole. The run is niced and stops after
# TIME_LIMIT seconds (mutmut keeps what it finished; run again to continue).
# The summary (killed/total per module) is written to mutants/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
MUTMUT=${MUTMUT:-.venv/bin/mutmut}
SAMPLE=${SAMPLE:-10}
JOBS=${JOBS:-1}
TIME_LIMIT=${TIME_LIMIT:-3600}
MODULES=${MODULES:-"strive.route strive.gap strive.conditions strive.actions strive.profile strive.storage.export strive.sharing strive.validate strive.attempts strive.review strive.effort"}
FULL=${FULL-"strive.conditions strive.profile"}  # FULL="" runs no module whole
RESUME=${RESUME:-0}
NICE=${NICE:-19}
FIRST=${FIRST:-strive.profile.x__lower__mutmut_1}

if [ ! -x "$MUTMUT" ]; then
  echo "error: mutmut not found at $MUTMUT: .venv/bin/pip install -e '.[dev,mutation]'" >&2
  exit 1
fi
export HYPOTHESIS_PROFILE=ci  # derandomized: a mutant's verdict does not depend on luck

# 1. Generate every mutant and record which tests run which function (cached in
#    mutants/); testing one cheap mutant is the public way to get there. Unless
#    RESUME=1, start from scratch: mutmut 3.8's incremental stats, after tests had
#    changed, lost the test-to-function map here and reported every mutant as
#    "no tests".
if [ "$RESUME" != 1 ]; then
  rm -rf mutants
fi
nice -n "$NICE" "$MUTMUT" run --max-children "$JOBS" "$FIRST" >/dev/null

# 2. Choose the mutants.
"$MUTMUT" results --all true > mutants/all.txt
"$PY" - "$SAMPLE" "$MODULES" "$FULL" "$RESUME" <<'PYEOF'
import sys, zlib
sample, modules, full = int(sys.argv[1]), sys.argv[2].split(), sys.argv[3].split()
resume = sys.argv[4] == "1"


def inside(module, prefixes):
    return any(module == p or module.startswith(p + ".") for p in prefixes)


with open("mutants/chosen.txt", "w") as chosen, open("mutants/todo.txt", "w") as todo:
    for line in open("mutants/all.txt"):
        if ": " not in line:
            continue
        name, status = line.strip().rsplit(": ", 1)
        module = name.split(".x", 1)[0]
        if inside(module, modules) and (
            inside(module, full) or zlib.crc32(name.encode()) % sample == 0
        ):
            print(name, file=chosen)
            if not resume or status == "not checked":
                print(name, file=todo)
PYEOF
echo "$(wc -l < mutants/chosen.txt) mutants chosen (SAMPLE=$SAMPLE; whole: $FULL)," \
  "$(wc -l < mutants/todo.txt) to test"

# 3. Test them (xargs would split a long list into several runs; mutmut takes it whole).
start=$(date +%s)
mapfile -t todo < mutants/todo.txt
status=0
if [ "${#todo[@]}" -gt 0 ]; then
  timeout "$TIME_LIMIT" nice -n "$NICE" "$MUTMUT" run --max-children "$JOBS" "${todo[@]}" \
    > mutants/run.log 2>&1 || status=$?
fi
echo "mutmut finished with status $status after $(( $(date +%s) - start )) s"

# 4. Summarise per module over the chosen mutants. Score = (killed + timeout) /
#    (killed + timeout + survived + no tests): a mutant no selected test runs counts
#    as surviving. Mutants not reached before TIME_LIMIT are listed as not checked.
"$MUTMUT" results --all true > mutants/all.txt
"$PY" - > mutants/summary.txt <<'PYEOF'
import collections
chosen = set(open("mutants/chosen.txt").read().split())
by_module = collections.defaultdict(collections.Counter)
survivors = []
for line in open("mutants/all.txt"):
    if ": " not in line:
        continue
    name, status = line.strip().rsplit(": ", 1)
    if name in chosen:
        by_module[name.split(".x", 1)[0]][status] += 1
        if status in ("survived", "no tests"):
            survivors.append(name)
total = collections.Counter()
print(f"{'module':30} {'killed':>6} {'timeout':>7} {'survived':>8} {'no tests':>8} "
      f"{'score':>6}  not checked")
for module, counts in [*sorted(by_module.items()), ("all", total)]:
    if module != "all":
        total.update(counts)
    killed = counts["killed"] + counts["timeout"]
    tested = killed + counts["survived"] + counts["no tests"]
    score = f"{100 * killed / tested:5.1f}%" if tested else "    -"
    print(f"{module:30} {counts['killed']:6} {counts['timeout']:7} "
          f"{counts['survived']:8} {counts['no tests']:8} {score:>6}  "
          f"{counts['not checked']}")
print("\nsurvived (or no tests):")
print("\n".join(sorted(survivors)))
PYEOF
sed -n '1,/^$/p' mutants/summary.txt
echo "survivors: mutants/summary.txt; inspect one with: $MUTMUT show NAME"
