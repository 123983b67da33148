#!/usr/bin/env bash
# The AWS side of the end-to-end performance test: fetches, for each function of the stack and a time window, the
# REPORT-line statistics (CloudWatch Logs Insights) and the Lambda Insights metrics, then turns them into a CSV, the
# three charts and a markdown summary with the lab's own report code (dev.lambdatrace.lab.report.AwsReport).
set -uo pipefail
# For macOS's bash 3.2 and BSD userland as well as GNU: no array that may be empty is expanded (bash 3.2 calls an empty
# one unbound under set -u), no GNU-only option is used, and no tool beyond POSIX ones but the aws CLI.

readonly EXIT_USAGE=2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT

usage() {
  cat <<'EOF'
Usage: report.sh -s STACK [-r REGION] [-f FROM -t TO] [-o DIR] [-h]

  -s STACK   CloudFormation stack name (required)
  -r REGION  AWS region (default: the aws CLI's own)
  -f FROM    window start, epoch seconds (default: the start of distribute.sh's last run on this stack)
  -t TO      window end, epoch seconds (default: the end of that run)
  -o DIR     output directory (default: target/aws-report/STACK)
  -h         show this help

Writes DIR/raw/*.json (what CloudWatch answered), then DIR/report.csv, DIR/report.md, DIR/memory.png, DIR/cpu.png
and DIR/duration.png.
EOF
}

fail_usage() {
  echo "report.sh: $1" >&2
  exit "$EXIT_USAGE"
}

stack="" region="" from="" to="" out=""
while getopts ":s:r:f:t:o:h" option; do
  case "$option" in
    s) stack="$OPTARG" ;;
    r) region="$OPTARG" ;;
    f) from="$OPTARG" ;;
    t) to="$OPTARG" ;;
    o) out="$OPTARG" ;;
    h) usage; exit 0 ;;
    :) fail_usage "option -$OPTARG needs a value" ;;
    *) fail_usage "unknown option -$OPTARG" ;;
  esac
done
[[ -n "$stack" ]] || fail_usage "-s STACK is required"
command -v aws >/dev/null 2>&1 || fail_usage "the aws CLI is not on PATH"

if [[ -z "$from" || -z "$to" ]]; then
  state_file="${XDG_STATE_HOME:-$HOME/.local/state}/traced-function/$stack.last-run"
  [[ -f "$state_file" ]] || fail_usage "no -f/-t given and no $state_file: run distribute.sh first"
  # shellcheck disable=SC1090
  source "$state_file"
  from="${from:-$START}"
  to="${to:-$END}"
  [[ -n "$region" ]] || region="${REGION:-}"
fi
[[ "$from" =~ ^[0-9]+$ && "$to" =~ ^[0-9]+$ && "$from" -lt "$to" ]] \
  || fail_usage "the window must be two epoch seconds, FROM before TO (got '$from' and '$to')"
# Logs Insights and metrics work in whole minutes; widen the window so that no invocation falls outside.
from=$(( from - from % 60 ))
to=$(( to + 60 - to % 60 ))
out="${out:-$ROOT/target/aws-report/$stack}"
mkdir -p "$out/raw" || fail_usage "cannot create $out"

# The aws CLI, given the region if there is one.
aws_cli() {
  if [[ -n "$region" ]]; then
    aws --region "$region" "$@"
  else
    aws "$@"
  fi
}

# Epoch seconds as UTC ISO 8601, by GNU date (-d @N) or else BSD/macOS date (-r N).
utc() {
  date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$1" +%Y-%m-%dT%H:%M:%SZ
}

# Every *FunctionName output names a function to report on: the seed pair's only where the stack was deployed with
# Seed=true (its outputs are conditional). The backquotes are JMESPath.
# shellcheck disable=SC2016
if ! functions=$(aws_cli cloudformation describe-stacks --stack-name "$stack" \
    --query 'Stacks[0].Outputs[?ends_with(OutputKey, `FunctionName`)].[OutputKey,OutputValue]' --output text 2>&1); then
  fail_usage "cannot read stack '$stack': $functions"
fi

# Every call names its --output: what is parsed as JSON asks for JSON, what is parsed as text asks for text, whatever
# the CLI's default (AWS_DEFAULT_OUTPUT, or output in ~/.aws/config) is.

# Runs one Logs Insights query and writes its results once it is Complete.
logs_query() {
  local log_group="$1" query="$2" target="$3" query_id status attempt
  query_id=$(aws_cli logs start-query --log-group-name "$log_group" \
    --start-time "$from" --end-time "$to" --query-string "$query" --query queryId --output text) || return 1
  for (( attempt = 0; attempt < 120; attempt++ )); do
    aws_cli logs get-query-results --query-id "$query_id" --output json >"$target" || return 1
    status=$(sed -n 's/.*"status": *"\([A-Za-z]*\)".*/\1/p' "$target" | head -n 1)
    case "$status" in
      Complete) return 0 ;;
      Failed|Cancelled|Timeout|Unknown) echo "report.sh: query on $log_group ended $status" >&2; return 1 ;;
      "") echo "report.sh: cannot read the status of the query on $log_group in $target" >&2; return 1 ;;
    esac
    sleep 1
  done
  echo "report.sh: query on $log_group did not finish within 2 minutes" >&2
  return 1
}

# Logs Insights holds the REPORT line's "Max Memory Used: 87 MB" in @maxMemoryUsed as 87,000,000 (MB x 1,000,000, not
# x 1,048,576), so dividing by 1,000,000 gives back the line's figure. The CloudWatch Logs reference names the field
# without a unit; the unit is what AWS's Lambda Operator Guide queries assume ("@maxMemoryUsed/1000/1000",
# https://serverlessland.com/content/service/lambda/guides/aws-lambda-operator-guide/useful-queries) and what users
# see: @memorySize / 1024 / 1024 gives 732.4219 for a 768 MB function (https://github.com/laravel/vapor-ui/issues/27).
summary_query='filter @type = "REPORT"
| stats count(*) as invocations, pct(@duration, 50) as p50, pct(@duration, 90) as p90, pct(@duration, 99) as p99,
  max(@duration) as max, avg(@duration) as avg, avg(@billedDuration) as billedAvg,
  max(@maxMemoryUsed) / 1000000 as maxMemoryUsedMb, avg(@initDuration) as initAvg, count(@initDuration) as coldStarts'
series_query='filter @type = "REPORT"
| stats pct(@duration, 50) as p50, max(@maxMemoryUsed) / 1000000 as maxMemoryUsedMb, count(*) as invocations
  by bin(5m) as t
| sort t asc'

# One Lambda Insights metric of one function, as a get-metric-data query.
metric() {
  printf '{"Id":"%s","MetricStat":{"Metric":{"Namespace":"LambdaInsights","MetricName":"%s","Dimensions":[{"Name":"function_name","Value":"%s"}]},"Period":300,"Stat":"%s"}}' \
    "$1" "$2" "$3" "$4"
}

window="$(utc "$from") .. $(utc "$to")"
while read -r key function_name; do
  [[ -n "$key" && -n "$function_name" ]] || continue
  # TracedUdpFunctionName -> traced-udp, SeedAdotFunctionName -> seed-adot (distribute.sh labels them alike)
  label=$(echo "${key%FunctionName}" | sed 's/\([a-z0-9]\)\([A-Z]\)/\1-\2/g' | tr '[:upper:]' '[:lower:]')
  echo "Fetching $label ($function_name) for $window"
  logs_query "/aws/lambda/$function_name" "$summary_query" "$out/raw/$label-report-summary.json" || exit 1
  logs_query "/aws/lambda/$function_name" "$series_query" "$out/raw/$label-report-series.json" || exit 1
  queries="[$(metric memory used_memory_max "$function_name" Maximum),$(metric utilization memory_utilization "$function_name" Average),$(metric cpu cpu_total_time "$function_name" Average),$(metric init init_duration "$function_name" Average)]"
  aws_cli cloudwatch get-metric-data --start-time "$from" --end-time "$to" \
    --metric-data-queries "$queries" --output json >"$out/raw/$label-insights.json" || exit 1
done <<<"$functions"

echo "Writing the report to $out"
"$ROOT/mvnw" -q -f "$ROOT/src/lab/pom.xml" -Paws-report compile exec:exec@aws-report \
  -Daws-report.dir="$out" -Daws-report.stack="$stack" -Daws-report.window="$from-$to"
