#!/bin/sh
# Roll an image out to the cluster of deploy/kubernetes/ (the CI's deploy jobs run it):
#   KUBE_CONFIG=<base64 kubeconfig> NAMESPACE=webshop sh scripts/deploy.sh ghcr.io/org/webshop:sha-...
# The API and the analytics consumer run the same image; the API's readiness probe (/health)
# holds the old pods until the new ones answer, and a failed rollout is undone.
set -eu
image=$1
: "${KUBE_CONFIG:?the cluster's kubeconfig, base64}" "${NAMESPACE:?the namespace}"

config=$(mktemp)
trap 'rm -f "$config"' EXIT
printf '%s' "$KUBE_CONFIG" | base64 -d > "$config"
kubectl() { command kubectl --kubeconfig "$config" --namespace "$NAMESPACE" "$@"; }

kubectl set image deployment/webshop-api api="$image"
kubectl set image deployment/webshop-consumer consumer="$image"
for deployment in webshop-api webshop-consumer; do
    if ! kubectl rollout status "deployment/$deployment" --timeout=5m; then
        echo "$deployment did not become ready: rolling it back" >&2
        kubectl rollout undo "deployment/$deployment"
        exit 1
    fi
done
echo "deployed $image to $NAMESPACE"
