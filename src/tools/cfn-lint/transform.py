"""Runs the SAM transform on a template, offline, as CloudFormation runs it on deploy.

Usage: transform.py TEMPLATE. Prints the transformed CloudFormation template as JSON on stdout; exits 1 with the
transform's own error messages on stderr when the template is not valid SAM. No AWS call is made: managed policy
names are resolved from the map samtranslator bundles, and local CodeUri paths are replaced with an S3 URI, as
`sam validate` does before it transforms.
"""
import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicyLookup:
    """Asked only for a policy name the bundled map lacks: there is no AWS to ask."""

    def load(self):
        return {}


def with_s3_code(template):
    """Local paths (../src/function/target/function.zip, seed/) are not what the transform takes: `sam deploy` uploads them."""
    functions = [template.get("Globals", {}).get("Function", {})]
    functions += [r.get("Properties", {}) for r in template["Resources"].values()
                  if r.get("Type") == "AWS::Serverless::Function"]
    for properties in functions:
        if isinstance(properties.get("CodeUri"), str) and not properties["CodeUri"].startswith("s3://"):
            properties["CodeUri"] = "s3://bucket/key"
    return template


def main(path):
    # The translator asks a boto session for the region of ARNs it builds; none is configured off AWS.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as file:
        template = with_s3_code(yaml_parse(file.read()))
    try:
        transformed = transform(template, {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012"},
                                NoManagedPolicyLookup())
    except InvalidDocumentException as invalid:
        for cause in invalid.causes:
            print(cause.message, file=sys.stderr)
        return 1
    json.dump(transformed, sys.stdout, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
