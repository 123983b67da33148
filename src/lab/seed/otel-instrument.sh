#!/usr/bin/env bash
# otel-instrument.sh: launcher of the lab's Python "seed" contestants.
#
# It plays the part of the ADOT Python layer's /opt/otel-instrument (the script Lambda
# runs through AWS_LAMBDA_EXEC_WRAPPER): it sets the OpenTelemetry environment, points
# the runtime client at otel_wrapper.lambda_handler, and runs the runtime command under
# `opentelemetry-instrument`. Give it the runtime command, as Lambda would run it; the lab
# starts it so in each seed contestant's sandbox, with deploy/seed (the handler) on PYTHONPATH:
#
#   SEED_MODE=seed-adot PYTHONPATH=deploy/seed \
#       ./otel-instrument.sh VENV/bin/python -m awslambdaric handler.handler
#
# SEED_MODE (required) picks the contestant; README.md lists what each one needs:
#   seed-adot      OTLP/HTTP protobuf to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, Application
#                  Signals off: what the 2020 layer did (SDK -> local collector).
#   seed-adot-udp  ADOT Python's default today: Application Signals on, OTLP over UDP to
#                  AWS_XRAY_DAEMON_ADDRESS (default 127.0.0.1:2000), no OTLP endpoint.
#   seed-baseline  the same command with no OpenTelemetry at all.
set -euo pipefail

die() {
    echo "otel-instrument.sh: $*" >&2
    exit 64
}

[ "$#" -ge 2 ] || die "usage: SEED_MODE=seed-adot|seed-adot-udp|seed-baseline $0 PYTHON -m awslambdaric MODULE.FUNCTION"

seed_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# The runtime client imports the handler (and otel_wrapper) from sys.path.
export PYTHONPATH="${seed_dir}${PYTHONPATH:+:${PYTHONPATH}}"

mode=${SEED_MODE:-}
case "${mode}" in
    seed-baseline)
        exec "$@"
        ;;
    seed-adot)
        # In Lambda (AWS_LAMBDA_FUNCTION_NAME set) the distro replaces the OTLP/HTTP exporter
        # with its UDP one unless this *traces* endpoint is set; OTEL_EXPORTER_OTLP_ENDPOINT
        # alone does not count. Refuse rather than silently measuring the wrong thing.
        [ -n "${OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:-}" ] \
            || die "seed-adot needs OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, e.g. http://127.0.0.1:4318/v1/traces"
        export OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/protobuf
        export OTEL_TRACES_EXPORTER=otlp
        export OTEL_AWS_APPLICATION_SIGNALS_ENABLED=false
        ;;
    seed-adot-udp)
        unset OTEL_EXPORTER_OTLP_TRACES_ENDPOINT
        export OTEL_TRACES_EXPORTER=otlp
        export AWS_XRAY_DAEMON_ADDRESS="${AWS_XRAY_DAEMON_ADDRESS:-127.0.0.1:2000}"
        export OTEL_AWS_APPLICATION_SIGNALS_ENABLED=true
        ;;
    *)
        die "SEED_MODE must be seed-adot, seed-adot-udp or seed-baseline (got '${mode}')"
        ;;
esac

# RIE and Lambda always set it; the distro and the instrumentation key "in Lambda" on it.
[ -n "${AWS_LAMBDA_FUNCTION_NAME:-}" ] || die "AWS_LAMBDA_FUNCTION_NAME is not set"

# Pin the AWS distro and configurator in both traced modes. With Application Signals
# off, the layer leaves them unset, and opentelemetry-instrument then takes whichever
# distro and configurator entry point it finds first: the venv holds both the AWS ones
# and opentelemetry-distro's, so which runs would depend on the install's listing order.
export OTEL_PYTHON_DISTRO=aws_distro
export OTEL_PYTHON_CONFIGURATOR=aws_configurator

export OTEL_SERVICE_NAME="${OTEL_SERVICE_NAME:-${AWS_LAMBDA_FUNCTION_NAME}}"
export OTEL_PROPAGATORS="${OTEL_PROPAGATORS:-baggage,xray,tracecontext}"
export OTEL_METRICS_EXPORTER="${OTEL_METRICS_EXPORTER:-none}"
export OTEL_LOGS_EXPORTER="${OTEL_LOGS_EXPORTER:-none}"
export OTEL_AWS_APPLICATION_SIGNALS_RUNTIME_ENABLED=false

# Lambda resource attributes, from the variables Lambda (or RIE) sets; unset ones are left
# out rather than sent empty. The caller's own OTEL_RESOURCE_ATTRIBUTES come last.
lambda_attrs="cloud.provider=aws,cloud.platform=aws_lambda"
add_attr() {
    if [ -n "$2" ]; then
        lambda_attrs="${lambda_attrs},$1=$2"
    fi
}
add_attr cloud.region "${AWS_REGION:-}"
add_attr faas.name "${AWS_LAMBDA_FUNCTION_NAME}"
add_attr faas.version "${AWS_LAMBDA_FUNCTION_VERSION:-}"
add_attr faas.instance "${AWS_LAMBDA_LOG_STREAM_NAME:-}"
case "${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-}" in
    '' | *[!0-9]*) ;;
    *) add_attr faas.max_memory "$((AWS_LAMBDA_FUNCTION_MEMORY_SIZE * 1048576))" ;; # MB -> bytes
esac
add_attr aws.log.group.names "${AWS_LAMBDA_LOG_GROUP_NAME:-}"
export OTEL_RESOURCE_ATTRIBUTES="${lambda_attrs}${OTEL_RESOURCE_ATTRIBUTES:+,${OTEL_RESOURCE_ATTRIBUTES}}"

# Auto-instrumentations: of those this venv can load, keep only the HTTP clients
# (urllib, urllib3), as the layer does for a plain function. aws-lambda is always off
# here because otel_wrapper.py applies it itself, in the serving process.
default_disabled="requests,sqlite3,threading,logging,system_metrics"
default_disabled+=",grpc_client,grpc_server,grpc_aio_client,grpc_aio_server"
default_disabled+=",aws_crewai,aws_langchain,aws_llama-index,aws_mcp,aws_openai_agents"
export OTEL_PYTHON_DISABLED_INSTRUMENTATIONS="${OTEL_PYTHON_DISABLED_INSTRUMENTATIONS:-${default_disabled}},aws-lambda"

# Swap the handler. Lambda's own Python bootstrap reads _HANDLER; awslambdaric reads its
# last argument (RIE sets _HANDLER to that same last argument), so both are swapped.
args=("$@")
last=$(($# - 1))
export ORIG_HANDLER="${_HANDLER:-${args[last]}}"
export _HANDLER=otel_wrapper.lambda_handler
if [ "${args[last]}" = "${ORIG_HANDLER}" ]; then
    args[last]=${_HANDLER}
fi

# opentelemetry-instrument from the same environment as the runtime's python.
case "$1" in
    */*) instrument="$(dirname -- "$1")/opentelemetry-instrument" ;;
    *) instrument=$(command -v opentelemetry-instrument) || die "opentelemetry-instrument not on PATH" ;;
esac
[ -x "${instrument}" ] || die "no ${instrument}"

exec "${instrument}" "${args[@]}"
