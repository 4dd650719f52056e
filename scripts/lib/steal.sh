# Sourced by the benchmark scripts: how much CPU time the hypervisor took from this virtual machine
# (the "steal" column of /proc/stat) while a benchmark ran. On a shared host it came to 20-45% in
# some seconds and stretched whole-process wall times by up to 2x (session of 2026-12-02), so a
# benchmark says so beside its figures: compare timings only between runs with little steal, and
# trust alternating runs' ratios over absolute seconds when it is high.
#   steal_mark            remember the counters now
#   steal_report          print the steal share of all CPU time since the mark
steal_counters() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print $9, t; exit }' /proc/stat 2>/dev/null; }
steal_mark() { steal_start=$(steal_counters); }
steal_report() {
  local now
  now=$(steal_counters)
  [[ -n ${steal_start:-} && -n $now ]] || return 0
  awk -v a="$steal_start" -v b="$now" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    total = y[2] - x[2]; stolen = y[1] - x[1]
    if (total <= 0) exit
    share = 100 * stolen / total
    printf "cpu steal: %.1f%% of this machine'"'"'s CPU time went to other guests while it ran", share
    if (share > 5) printf " (above 5%%: absolute times are inflated; compare ratios of alternating runs)"
    printf "\n"
  }'
}
