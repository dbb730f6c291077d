#!/usr/bin/python3
"""Check Kubernetes manifests against the API's own types, without a cluster.

    check-manifests.py FILE...

Every object is matched, field by field, to the model the Kubernetes Python
client (Debian's python3-kubernetes) generates from the API's OpenAPI
specification: an unknown field, a value of the wrong type or a missing
required field is an error naming the file, the object and the field's path.
"${NODE}" (the per-node Job templates) is replaced by a node name first.
Exit status: 0 when every object is valid, 1 otherwise.
"""
import re
import sys

import yaml
import kubernetes.client as k8s

SCALARS = {"str": str, "int": int, "bool": bool, "float": (int, float)}


def model_for(api_version, kind):
    group_version = api_version.split("/")[-1]
    name = "V1" + kind if group_version == "v1" else group_version.capitalize() + kind
    return getattr(k8s, name, None)


def check(value, type_name, path, errors):
    """Check value against an OpenAPI type name of the Python client."""
    if value is None:
        return
    m = re.fullmatch(r"list\[(.+)\]", type_name)
    if m:
        if not isinstance(value, list):
            errors.append(f"{path}: a list expected")
            return
        for i, item in enumerate(value):
            check(item, m.group(1), f"{path}[{i}]", errors)
        return
    m = re.fullmatch(r"dict\((\w+), (.+)\)", type_name)
    if m:
        if not isinstance(value, dict):
            errors.append(f"{path}: a map expected")
            return
        for k, v in value.items():
            check(v, m.group(2), f"{path}.{k}", errors)
        return
    if type_name in SCALARS:
        ok = isinstance(value, SCALARS[type_name]) and not (type_name != "bool" and isinstance(value, bool))
        if not ok:
            errors.append(f"{path}: {type_name} expected, not {type(value).__name__} ({value!r})")
        return
    if type_name in ("object", "datetime", "date"):
        return  # IntOrString, Quantity, free-form
    cls = getattr(k8s, type_name, None)
    if cls is None:
        errors.append(f"{path}: unknown type {type_name}")
        return
    check_model(value, cls, path, errors)


def check_model(value, cls, path, errors):
    if not isinstance(value, dict):
        errors.append(f"{path}: an object ({cls.__name__}) expected")
        return
    by_json = {json: attr for attr, json in cls.attribute_map.items()}
    kwargs = {}
    for key, v in value.items():
        attr = by_json.get(key)
        if attr is None:
            errors.append(f"{path}.{key}: no such field in {cls.__name__}")
            continue
        check(v, cls.openapi_types[attr], f"{path}.{key}", errors)
        kwargs[attr] = v
    # The generated setters refuse a missing required field and a value outside an enum.
    try:
        cls(**kwargs)
    except (ValueError, TypeError) as e:
        errors.append(f"{path}: {e}")


def main(paths):
    status = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read().replace("${NODE}", "node-1")
        for doc in yaml.safe_load_all(text):
            if not doc:
                continue
            kind, api = doc.get("kind"), doc.get("apiVersion", "")
            name = (doc.get("metadata") or {}).get("name", "?")
            if kind == "Kustomization":
                continue
            cls = model_for(api, kind)
            errors = []
            if cls is None:
                errors.append(f"unknown kind {api} {kind}")
            else:
                check_model(doc, cls, kind, errors)
                if name == "?":
                    errors.append("metadata.name: missing (the API server requires it)")
            for e in errors:
                print(f"{path}: {kind}/{name}: {e}", file=sys.stderr)
            if errors:
                status = 1
            else:
                print(f"{path}: {kind}/{name}: valid ({cls.__name__})")
    return status


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
