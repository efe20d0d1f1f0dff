#!/usr/bin/env python3
"""Re-vendors the schemas that DeploymentManifestsTests validates deploy/k8s against (decision 031).

Run from a checkout of each source, at the commits named in src/test/resources/schemas/README.md:
  vendor.py KUBERNETES_PYTHON_CLIENT KEDA CLUSTER_OPERATOR
It copies the KEDA and RabbitMQ Cluster Operator CRDs as they are, and keeps from the Kubernetes OpenAPI (v2)
document only the definitions that the kinds below reach: the values are untouched, only unused definitions go.
"""
import json
import shutil
import sys
from pathlib import Path

KINDS = [
    "io.k8s.api.apps.v1.Deployment",
    "io.k8s.api.apps.v1.StatefulSet",
    "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
    "io.k8s.api.core.v1.ConfigMap",
    "io.k8s.api.core.v1.Namespace",
    "io.k8s.api.core.v1.Secret",
    "io.k8s.api.core.v1.Service",
    "io.k8s.api.core.v1.ServiceAccount",
    "io.k8s.api.policy.v1.PodDisruptionBudget",
]
OUT = Path(__file__).resolve().parent.parent / "src/test/resources/schemas"


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value.removeprefix("#/definitions/")
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def main(client, keda, operator):
    swagger = json.loads((Path(client) / "kubernetes/swagger.json.unprocessed").read_text())
    definitions = swagger["definitions"]
    kept, todo = {}, list(KINDS)
    while todo:
        name = todo.pop()
        if name not in kept:
            kept[name] = definitions[name]
            todo.extend(refs(kept[name]))
    pruned = {"swagger": swagger["swagger"], "info": swagger["info"], "definitions": dict(sorted(kept.items()))}
    (OUT / "kubernetes-1.36.json").write_text(json.dumps(pruned, indent=1, sort_keys=True) + "\n")
    for crd in ["keda.sh_scaledobjects.yaml", "keda.sh_triggerauthentications.yaml"]:
        shutil.copy(Path(keda) / "config/crd/bases" / crd, OUT / crd)
    shutil.copy(Path(operator) / "config/crd/bases/rabbitmq.com_rabbitmqclusters.yaml", OUT)


if __name__ == "__main__":
    main(*sys.argv[1:4])
