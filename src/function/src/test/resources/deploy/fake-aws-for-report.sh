#!/usr/bin/env bash
# A fake aws CLI for deploy/report.sh (ReportScriptTest copies it onto PATH as `aws`): a stack with two functions,
# traced and baseline, or four with FAKE_AWS_SEED=true (a stack deployed with Seed=true also lists the seed pair's
# outputs), Logs Insights over made-up REPORT lines, and Lambda Insights metrics. It keeps its state in FAKE_AWS_STATE.
#
# Like the real CLI, it answers in the format --output names, else in AWS_DEFAULT_OUTPUT's, else in JSON, so that a
# call which parses JSON without asking for it breaks here as it breaks for a user whose CLI defaults to text.
# It uses nothing but bash and cat, so that it runs on the reduced PATH of the portability tests too.

state="${FAKE_AWS_STATE:?FAKE_AWS_STATE must name a directory}"
# One line per call: the queries span several lines.
args="$*"
echo "${args//$'\n'/ }" >>"$state/aws-calls"

output="${AWS_DEFAULT_OUTPUT:-json}" query_string="" query_id="" log_group="" operation=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --output) output="$2"; shift ;;
    --query-string) query_string="$2"; shift ;;
    --query-id) query_id="$2"; shift ;;
    --log-group-name) log_group="$2"; shift ;;
    --region|--query|--stack-name|--start-time|--end-time|--metric-data-queries) shift ;;
    describe-stacks|start-query|get-query-results|get-metric-data) operation="$1" ;;
  esac
  shift
done

fail() {
  echo "$1" >&2
  exit 254
}

no_group() {
  fail "An error occurred (ResourceNotFoundException): log group $1 does not exist"
}

# The REPORT lines' "Max Memory Used: N MB", per log group. Logs Insights holds it in @maxMemoryUsed as N x 1,000,000.
report_line_mb() {
  case "$1" in
    /aws/lambda/perf-traced-fn) echo 87 ;;
    /aws/lambda/perf-baseline-fn) echo 45 ;;
    /aws/lambda/perf-seed-adot-fn) [[ "${FAKE_AWS_SEED:-}" == true ]] || no_group "$1"; echo 72 ;;
    /aws/lambda/perf-seed-baseline-fn) [[ "${FAKE_AWS_SEED:-}" == true ]] || no_group "$1"; echo 40 ;;
    *) no_group "$1" ;;
  esac
}

# What the query's "max(@maxMemoryUsed) / D" gives for that value, as Logs Insights prints a number.
memory_field() {
  local group="$1" query="$2" pattern='max\(@maxMemoryUsed\) */ *([0-9]+)' bytes divisor whole remainder
  [[ "$query" =~ $pattern ]] || fail "fake aws: the query has no max(@maxMemoryUsed) / D: $query"
  divisor="${BASH_REMATCH[1]}"
  bytes=$(( $(report_line_mb "$group") * 1000000 ))
  whole=$(( bytes / divisor ))
  remainder=$(( bytes % divisor ))
  if (( remainder == 0 )); then
    echo "$whole"
  else
    # Four decimals, as Logs Insights shows 732.4219 for 768,000,000 / 1,048,576.
    printf '%d.%04d\n' "$whole" $(( remainder * 10000 / divisor ))
  fi
}

# A get-query-results answer in a format other than JSON. The real text and table formats lay out the same cells in
# tab-separated lines or boxes; all that matters here is that none of them is JSON.
not_json_query_results() {
  local status="$1" rows="$2"
  if [[ "$output" == yaml ]]; then
    printf 'results:\n'
    while read -r field value; do
      [[ -n "$field" ]] && printf -- '- - field: %s\n    value: %s\n' "$field" "$value"
    done <<<"$rows"
    printf 'status: %s\n' "$status"
  else
    while read -r field value; do
      [[ -n "$field" ]] && printf 'RESULTS\t%s\t%s\n' "$field" "$value"
    done <<<"$rows"
    printf 'STATISTICS\t900.0\t3.0\t9.0\n%s\n' "$status"
  fi
}

json_row() {
  local first=true field value
  printf '        [\n'
  while read -r field value; do
    [[ -n "$field" ]] || continue
    $first || printf ',\n'
    first=false
    printf '            {\n                "field": "%s",\n' "$field"
    printf '                "value": "%s"\n            }' "$value"
  done <<<"$1"
  printf '\n        ]'
}

case "$operation" in
  describe-stacks)
    functions="TracedFunctionName perf-traced-fn
BaselineFunctionName perf-baseline-fn"
    if [[ "${FAKE_AWS_SEED:-}" == true ]]; then
      functions="$functions
SeedAdotFunctionName perf-seed-adot-fn
SeedBaselineFunctionName perf-seed-baseline-fn"
    fi
    if [[ "$output" == json ]]; then
      printf '['
      first=true
      while read -r key name; do
        $first || printf ','
        first=false
        printf '\n    [\n        "%s",\n        "%s"\n    ]' "$key" "$name"
      done <<<"$functions"
      printf '\n]\n'
    else
      while read -r key name; do
        printf '%s\t%s\n' "$key" "$name"
      done <<<"$functions"
    fi
    ;;
  start-query)
    report_line_mb "$log_group" >/dev/null || exit 254
    count=0
    [[ -f "$state/query-count" ]] && count=$(cat "$state/query-count")
    count=$(( count + 1 ))
    echo "$count" >"$state/query-count"
    printf '%s\n' "$log_group" >"$state/q-$count.group"
    printf '%s\n' "$query_string" >"$state/q-$count.query"
    # The script asks for the bare queryId (--query queryId); JSON would quote it.
    if [[ "$output" == json ]]; then echo "\"q-$count\""; else echo "q-$count"; fi
    ;;
  get-query-results)
    [[ -f "$state/$query_id.query" ]] || fail "An error occurred (ResourceNotFoundException): no query '$query_id'"
    group=$(cat "$state/$query_id.group")
    query=$(cat "$state/$query_id.query")
    memory=$(memory_field "$group" "$query") || exit 254
    # The very first poll finds the query still running, so that the script's polling is exercised too.
    status=Complete
    if [[ ! -f "$state/polled" ]]; then
      : >"$state/polled"
      status=Running
    fi
    rows=()
    if [[ "$status" == Complete ]]; then
      if [[ "$query" == *"bin(5m)"* ]]; then
        rows=("t 2023-11-14 22:10:00.000
p50 2.5
maxMemoryUsedMb $memory
invocations 2" "t 2023-11-14 22:15:00.000
p50 2.4
maxMemoryUsedMb $memory
invocations 1")
      else
        rows=("invocations 3
p50 2.5
p90 3.1
p99 3.1
max 3.1
avg 2.6
billedAvg 3.0
maxMemoryUsedMb $memory
initAvg 150.0
coldStarts 1")
      fi
    fi
    if [[ "$output" != json ]]; then
      not_json_query_results "$status" "$(printf '%s\n' "${rows[@]}")"
      exit 0
    fi
    if [[ ${#rows[@]} -eq 0 ]]; then
      printf '{\n    "results": [],\n'
    else
      printf '{\n    "results": [\n'
      for i in "${!rows[@]}"; do
        (( i > 0 )) && printf ',\n'
        json_row "${rows[i]}"
      done
      printf '\n    ],\n'
    fi
    printf '    "statistics": {\n        "recordsMatched": 3.0,\n        "recordsScanned": 9.0,\n'
    printf '        "bytesScanned": 900.0\n    },\n    "status": "%s"\n}\n' "$status"
    ;;
  get-metric-data)
    if [[ "$output" != json ]]; then
      printf 'METRICDATARESULTS\tmemory\tused_memory_max\tComplete\nTIMESTAMPS\t2023-11-14T22:10:00+00:00\n'
      exit 0
    fi
    printf '{\n    "MetricDataResults": [\n'
    first=true
    for metric in "memory used_memory_max 88.0" "utilization memory_utilization 17.2" "cpu cpu_total_time 3.5" \
        "init init_duration 150.0"; do
      read -r id label value <<<"$metric"
      $first || printf ',\n'
      first=false
      printf '        {\n            "Id": "%s",\n            "Label": "%s",\n' "$id" "$label"
      printf '            "Timestamps": [\n                "2023-11-14T22:10:00+00:00"\n            ],\n'
      printf '            "Values": [\n                %s\n            ],\n' "$value"
      printf '            "StatusCode": "Complete"\n        }'
    done
    printf '\n    ],\n    "Messages": []\n}\n'
    ;;
esac
exit 0
