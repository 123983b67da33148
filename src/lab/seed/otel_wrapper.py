"""The seed contestants' stand-in for the ADOT Python layer's handler wrapper.

`otel-instrument.sh` points the runtime client at `otel_wrapper.lambda_handler`
and keeps the function's own handler in ORIG_HANDLER. By the time the runtime
client imports this module, `opentelemetry-instrument` has already configured the
SDK (distro, configurator, exporter). Importing it then

1. wraps the function named by ORIG_HANDLER with the upstream AWS Lambda
   instrumentation (one SERVER span per invocation, then a blocking
   `force_flush` of the tracer provider, bounded by
   OTEL_INSTRUMENTATION_AWS_LAMBDA_FLUSH_TIMEOUT, in ms, default 30000), and
2. exposes the wrapped function as `lambda_handler`.

The wrapping happens here, not in `opentelemetry-instrument`, because the
instrumentation patches the handler's module attribute: it must run in the
process that serves invocations, before the runtime client looks the handler up.
"""

import importlib
import os

from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.instrumentation.aws_lambda import AwsLambdaInstrumentor
from opentelemetry.propagators.textmap import Getter

_LAMBDA_TRACE_ENV = "_X_AMZN_TRACE_ID"  # set by the runtime client from Lambda-Runtime-Trace-Id
_XRAY_HEADER = "x-amzn-trace-id"


class _CaseInsensitiveGetter(Getter):
    """Reads a carrier whose keys were lower-cased (HTTP header names are case-insensitive)."""

    def get(self, carrier, key):
        value = carrier.get(key.lower())
        if value is None:
            return None
        return value if isinstance(value, list) else [value]

    def keys(self, carrier):
        return list(carrier.keys())


_GETTER = _CaseInsensitiveGetter()


def _parent_context(event):
    """Parent of the invocation span: the Lambda trace header wins over the event's headers.

    With active tracing, Lambda hands the runtime the trace it started for this
    invocation (the runtime client puts it in _X_AMZN_TRACE_ID), so that becomes the
    parent; otherwise any trace headers of an API Gateway event are used. If nothing
    yields a valid span context, the span starts a new trace.
    """
    carrier = {}
    headers = event.get("headers") if isinstance(event, dict) else None
    if isinstance(headers, dict):
        for name, value in headers.items():
            if isinstance(name, str) and value is not None:
                carrier[name.lower()] = value
    extracted = propagate.extract(carrier, getter=_GETTER)
    lambda_trace = os.environ.get(_LAMBDA_TRACE_ENV)
    if lambda_trace:
        # A second pass over the Lambda header alone: its span context replaces whatever the
        # event's headers gave (a later propagator would otherwise win), baggage is kept.
        extracted = propagate.extract({_XRAY_HEADER: lambda_trace}, context=extracted, getter=_GETTER)
    if trace.get_current_span(extracted).get_span_context().is_valid:
        return extracted
    return Context()


def _load_original_handler():
    path = os.environ.get("ORIG_HANDLER")
    if not path or "." not in path:
        raise RuntimeError(
            "otel_wrapper: ORIG_HANDLER must name the function's handler as module.function, got %r" % (path,)
        )
    if "AWS_LAMBDA_FUNCTION_NAME" not in os.environ:
        # The instrumentor silently does nothing outside Lambda; a traced contestant must not.
        raise RuntimeError("otel_wrapper: AWS_LAMBDA_FUNCTION_NAME is not set (RIE and Lambda set it)")
    module_name, function_name = path.replace("/", ".").rsplit(".", 1)
    # The instrumentor reads ORIG_HANDLER too and patches module.function in place,
    # so it runs first and the lookup below returns the wrapped function.
    AwsLambdaInstrumentor().instrument(event_context_extractor=_parent_context)
    return getattr(importlib.import_module(module_name), function_name)


lambda_handler = _load_original_handler()
