"""The Kubernetes manifests cannot be applied here (no cluster), so their contract is checked:
what they run exists, the settings they set are ours, and the probes and ports line up."""

from pathlib import Path
from typing import Any

import yaml

from webshop.core.config import Settings

MANIFESTS = Path(__file__).resolve().parents[1] / "deploy" / "kubernetes"


def documents() -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for path in sorted(MANIFESTS.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            found[(document["kind"], document["metadata"]["name"])] = document
    return found


def container(deployment: dict[str, Any]) -> dict[str, Any]:
    return container_of(deployment["spec"]["template"]["spec"])


def test_every_setting_named_is_a_setting():
    docs = documents()
    named = set(docs[("ConfigMap", "webshop")]["data"]) | set(
        docs[("Secret", "webshop")]["stringData"]
    )

    assert named <= set(Settings.model_fields)
    assert {"DATABASE_URL", "SECRET_KEY"} <= named  # replicas must share the signing key


def test_the_api_is_probed_on_health_and_served_on_its_port():
    docs = documents()
    api = container(docs[("Deployment", "webshop-api")])
    service = docs[("Service", "webshop-api")]

    assert api["args"][:2] == ["webshop", "serve"]
    port = {p["name"]: p["containerPort"] for p in api["ports"]}["http"]
    assert api["args"][api["args"].index("--port") + 1] == str(port)
    for probe in ("readinessProbe", "livenessProbe"):
        assert api[probe]["httpGet"] == {"path": "/health", "port": "http"}
    # A database outage takes pods out of the Service long before any is restarted.
    liveness, readiness = api["livenessProbe"], api["readinessProbe"]
    assert liveness["failureThreshold"] * liveness["periodSeconds"] >= 4 * (
        readiness["failureThreshold"] * readiness["periodSeconds"]
    )
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    assert (
        service["spec"]["selector"]
        == docs[("Deployment", "webshop-api")]["spec"]["selector"]["matchLabels"]
    )


def test_the_autoscaler_scales_the_api_and_never_below_two():
    docs = documents()
    hpa = docs[("HorizontalPodAutoscaler", "webshop-api")]["spec"]

    assert hpa["scaleTargetRef"]["name"] == "webshop-api"
    assert 2 <= hpa["minReplicas"] <= hpa["maxReplicas"]


def test_the_consumer_runs_the_analytics_consumer():
    consumer = container(documents()[("Deployment", "webshop-consumer")])

    assert consumer["args"] == ["webshop", "events", "consume"]
    assert {"configMapRef": {"name": "webshop"}} in consumer["envFrom"]
    assert {"secretRef": {"name": "webshop"}} in consumer["envFrom"]


def test_media_is_shared_by_every_replica():
    docs = documents()
    claim = docs[("PersistentVolumeClaim", "webshop-media")]
    api = docs[("Deployment", "webshop-api")]["spec"]["template"]["spec"]

    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    volumes = {volume["name"]: volume for volume in api["volumes"]}
    mounts = {mount["mountPath"]: mount["name"] for mount in container_of(api)["volumeMounts"]}
    media = volumes[mounts["/data/media"]]
    assert media["persistentVolumeClaim"]["claimName"] == "webshop-media"


def container_of(pod: dict[str, Any]) -> dict[str, Any]:
    [only] = pod["containers"]
    return only
