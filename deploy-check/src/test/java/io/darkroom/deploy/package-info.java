/** Checks of the Kubernetes manifests under deploy/k8s: schemas, the Kustomize layout, and the apps' invariants (decision 031). */
package io.darkroom.deploy;
