#!/usr/bin/env bash
# Load driver of the end-to-end performance test: invokes every function of the stack in turn, through its HTTP API,
# at concurrency 1, and ends with a summary. After the ADOT test's distribute.sh, with the same flags plus -h.
set -uo pipefail
# For macOS's bash 3.2 and BSD userland as well as GNU: no array that may be empty is expanded (bash 3.2 calls an empty
# one unbound under set -u), no GNU-only option is used, and no tool beyond POSIX ones but the aws CLI and curl.

readonly EXIT_USAGE=2
readonly EXIT_INTERRUPTED=130

usage() {
  cat <<'EOF'
Usage: distribute.sh -s STACK [-n COUNT] [-i SECONDS] [-r REGION] [-c] [-e] [-h]

Invokes the functions of a stack deployed from deploy/template.yaml, one after the other (traced, baseline,
traced-udp, and seed-adot and seed-baseline where the stack has the seed pair), so that they see the same conditions,
and prints a summary of the answers.

  -s STACK    CloudFormation stack name (required)
  -n COUNT    rounds to run; each round invokes every function once (default 100000)
  -i SECONDS  pause after each round, may be fractional (default 5, as in the original test)
  -r REGION   AWS region (default: the aws CLI's own, from AWS_REGION or its config)
  -c          print the stack's endpoints and exit
  -e          delete the stack and exit
  -h          show this help

The start and end of the last run are written to
${XDG_STATE_HOME:-~/.local/state}/traced-function/STACK.last-run, where report.sh finds them.
Exit codes: 0 all answers were 200, 1 some were not, 2 bad usage or setup, 130 interrupted.
EOF
}

fail_usage() {
  echo "distribute.sh: $1" >&2
  echo "Run distribute.sh -h for help." >&2
  exit "$EXIT_USAGE"
}

stack=""
count=100000
interval=5
region=""
print_endpoints=false
delete_stack=false

while getopts ":s:n:i:r:ceh" option; do
  case "$option" in
    s) stack="$OPTARG" ;;
    n) count="$OPTARG" ;;
    i) interval="$OPTARG" ;;
    r) region="$OPTARG" ;;
    c) print_endpoints=true ;;
    e) delete_stack=true ;;
    h) usage; exit 0 ;;
    :) fail_usage "option -$OPTARG needs a value" ;;
    *) fail_usage "unknown option -$OPTARG" ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -eq 0 ]] || fail_usage "unexpected argument: $1"
[[ -n "$stack" ]] || fail_usage "-s STACK is required"
[[ "$count" =~ ^[1-9][0-9]*$ ]] || fail_usage "-n must be a positive whole number, not '$count'"
[[ "$interval" =~ ^[0-9]+([.][0-9]+)?$ ]] || fail_usage "-i must be a number of seconds, not '$interval'"
command -v aws >/dev/null 2>&1 || fail_usage "the aws CLI is not on PATH (https://aws.amazon.com/cli/)"
command -v curl >/dev/null 2>&1 || fail_usage "curl is not on PATH"

# The aws CLI, given the region if there is one.
aws_cli() {
  if [[ -n "$region" ]]; then
    aws --region "$region" "$@"
  else
    aws "$@"
  fi
}

if $delete_stack; then
  echo "Deleting stack $stack ..."
  aws_cli cloudformation delete-stack --stack-name "$stack" || exit "$EXIT_USAGE"
  aws_cli cloudformation wait stack-delete-complete --stack-name "$stack" || exit "$EXIT_USAGE"
  echo "Deleted."
  exit 0
fi

# Every output named *Url is an endpoint to drive, in the order the stack lists them: the seed pair's only where the
# stack was deployed with Seed=true (its outputs are conditional). The backquotes are JMESPath.
# shellcheck disable=SC2016
if ! outputs=$(aws_cli cloudformation describe-stacks --stack-name "$stack" \
    --query 'Stacks[0].Outputs[?ends_with(OutputKey, `Url`)].[OutputKey,OutputValue]' --output text 2>&1); then
  fail_usage "cannot read stack '$stack': $outputs"
fi
# An output key's function, as report.sh names it: TracedUdpUrl -> traced-udp, SeedAdotUrl -> seed-adot. awk rather
# than sed and tr, so that the driver needs no tool more than it did.
label() {
  awk '{
    out = ""
    for (i = 1; i <= length($0); i++) {
      c = substr($0, i, 1)
      if (i > 1 && c ~ /[A-Z]/ && substr($0, i - 1, 1) ~ /[a-z0-9]/) out = out "-"
      out = out tolower(c)
    }
    print out
  }' <<<"$1"
}

names=()
urls=()
while read -r key value; do
  [[ -n "$key" && -n "$value" ]] || continue
  names+=("$(label "${key%Url}")")
  urls+=("$value")
done <<<"$outputs"
[[ ${#urls[@]} -gt 0 ]] || fail_usage "stack '$stack' has no *Url outputs; was it deployed from deploy/template.yaml?"

if $print_endpoints; then
  for i in "${!urls[@]}"; do
    printf '%-14s %s\n' "${names[i]}" "${urls[i]}"
  done
  exit 0
fi

state_dir="${XDG_STATE_HOME:-$HOME/.local/state}/traced-function"
mkdir -p "$state_dir" || fail_usage "cannot create $state_dir"
state_file="$state_dir/$stack.last-run"
started=$(date +%s)

declare -a ok=() bad=() failed=() total_ms=()
for i in "${!urls[@]}"; do
  ok[i]=0; bad[i]=0; failed[i]=0; total_ms[i]=0
done
rounds_done=0

write_state() {
  printf 'STACK=%s\nREGION=%s\nSTART=%s\nEND=%s\nROUNDS=%s\n' \
    "$stack" "$region" "$started" "$(date +%s)" "$rounds_done" >"$state_file"
}

summary() {
  echo
  echo "Summary: $rounds_done of $count rounds against stack $stack"
  printf '%-14s %8s %8s %8s %8s %12s\n' function calls 200 non-200 failed "mean ms"
  local any_bad=0
  for i in "${!urls[@]}"; do
    local calls=$((ok[i] + bad[i] + failed[i]))
    local mean=0
    (( calls > 0 )) && mean=$((total_ms[i] / calls))
    printf '%-14s %8d %8d %8d %8d %12d\n' "${names[i]}" "$calls" "${ok[i]}" "${bad[i]}" "${failed[i]}" "$mean"
    (( bad[i] + failed[i] > 0 )) && any_bad=1
  done
  echo "Run window written to $state_file (report.sh reads it)."
  return "$any_bad"
}

on_interrupt() {
  trap - INT TERM
  echo
  echo "Interrupted."
  write_state
  summary
  exit "$EXIT_INTERRUPTED"
}
trap on_interrupt INT TERM

write_state
echo "Driving ${#urls[@]} functions of $stack: $count rounds, ${interval}s apart. Ctrl-C stops with a summary."
progress_every=$(( count / 100 > 0 ? count / 100 : 1 ))
for (( round = 1; round <= count; round++ )); do
  for i in "${!urls[@]}"; do
    answer=$(curl -s -o /dev/null --max-time 30 -w '%{http_code} %{time_total}' "${urls[i]}")
    code=${answer%% *}
    seconds=${answer##* }
    millis=$(awk -v s="$seconds" 'BEGIN { printf "%d", s * 1000 }')
    total_ms[i]=$(( total_ms[i] + millis ))
    if [[ "$code" == "200" ]]; then
      ok[i]=$(( ok[i] + 1 ))
    elif [[ "$code" == "000" ]]; then
      failed[i]=$(( failed[i] + 1 ))
    else
      bad[i]=$(( bad[i] + 1 ))
    fi
  done
  rounds_done=$round
  if (( round % progress_every == 0 || round == count )); then
    line="$round/$count rounds"
    for i in "${!urls[@]}"; do
      line+="  ${names[i]}: ${ok[i]} ok"
      (( bad[i] + failed[i] > 0 )) && line+=", $(( bad[i] + failed[i] )) not"
    done
    echo "$line"
    write_state
  fi
  if (( round < count )); then
    # In the background, so that Ctrl-C is handled at once rather than after the pause.
    sleep "$interval" &
    wait $!
  fi
done

write_state
summary
