#!/usr/bin/env python3
"""Keeps the operations Darkroom calls from a provider's published OpenAPI document, verbatim.

    extract-operations.py SOURCE.json OUTPUT.json "post /images/generations" "get /v1/get_result" ...

The output holds the source's openapi, info, servers and security, the named operations (with their
path-level parameters) and every component they reach through $ref, each copied unchanged. Nothing is
added, renamed or rewritten: a schema in the output is byte-for-byte the source's, as JSON.
"""
import json
import sys


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/components/"):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def main(source, output, operations):
    spec = json.load(open(source))
    kept = {key: spec[key] for key in ("openapi", "info", "servers", "security") if key in spec}
    paths = {}
    for operation in operations:
        method, path = operation.split(" ", 1)
        item = spec["paths"][path]
        target = paths.setdefault(path, {key: value for key, value in item.items() if key == "parameters"})
        target[method] = item[method]
    kept["paths"] = paths
    components = {}
    schemes = spec.get("components", {}).get("securitySchemes")
    if schemes:
        components["securitySchemes"] = schemes
    pending = list(refs(paths))
    while pending:
        _, _, kind, name = pending.pop().split("/", 3)
        if name in components.get(kind, {}):
            continue
        value = spec["components"][kind][name]
        components.setdefault(kind, {})[name] = value
        pending.extend(refs(value))
    kept["components"] = {kind: dict(sorted(values.items())) for kind, values in components.items()}
    with open(output, "w") as out:
        json.dump(kept, out, indent=2, ensure_ascii=False)
        out.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
