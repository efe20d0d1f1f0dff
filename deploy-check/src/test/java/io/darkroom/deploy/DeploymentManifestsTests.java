package io.darkroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.model.Lane;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The example overlay keeps what the apps need of Kubernetes (decision 031), read against the apps' own settings
 * files; and each check finds the breach it exists for, in a copy of the overlay broken on purpose.
 */
class DeploymentManifestsTests {

    private final DeploymentInvariants example = DeploymentInvariants.ofExampleOverlay();

    @Test
    void probesAskTheHealthGroupsOnThePortTheActuatorServes() {
        assertThat(example.probes()).isEmpty();
        assertThat(example.apis()).hasSize(1);
        assertThat(example.workers()).hasSize(Lane.values().length);
    }

    @Test
    void probeOnTheWrongPathOrPortIsFound() {
        assertThat(brokenAt("darkroom-api", deployment -> container(deployment).withObject("readinessProbe").withObject("httpGet")
                .put("path", "/actuator/health")).probes()).singleElement().asString().contains("readinessProbe");
        assertThat(brokenAt("darkroom-worker-bulk", deployment -> container(deployment).withObject("livenessProbe").withObject("httpGet")
                .put("port", 8080)).probes()).singleElement().asString().contains("livenessProbe", "8081");
    }

    @Test
    void everyContainerRequestsAndIsLimitedInCpuAndMemory() {
        assertThat(example.resources()).isEmpty();
        assertThat(brokenAt("darkroom-api", deployment -> container(deployment).withObject("resources").withObject("limits")
                .remove("memory")).resources()).singleElement().asString().contains("limits.memory");
    }

    @Test
    void selectorsAndAutoscalerTargetsMatchTheWorkloads() {
        assertThat(example.selectors()).isEmpty();
    }

    @Test
    void serviceSelectingNoPodsOrWorkerSelectorTooWideIsFound() {
        DeploymentInvariants broken = broken(example.overlay().named("Service", "darkroom-api").orElseThrow(), service -> ((ObjectNode) service
                .at("/spec/selector")).put("app.kubernetes.io/name", "darkroom-apl"));
        assertThat(broken.selectors()).contains("Service/darkroom-api (api-service.yaml, document 0): selects no workload's pods");

        DeploymentInvariants wide = brokenAt("darkroom-worker-bulk", deployment -> ((ObjectNode) deployment
                .at("/spec/selector/matchLabels")).remove("darkroom.io/lane"));
        assertThat(wide.selectors()).anySatisfy(breach -> assertThat(breach).contains("darkroom-worker-bulk", "darkroom-worker-interactive"));
    }

    @Test
    void autoscaledDeploymentThatSetsItsReplicasIsFound() {
        assertThat(brokenAt("darkroom-api", deployment -> ((ObjectNode) deployment.path("spec")).put("replicas", 2)).selectors())
                .singleElement().asString().contains("HorizontalPodAutoscaler/darkroom-api", "sets replicas");
    }

    @Test
    void workerGracePeriodOutlastsTheDrainTheWorkerIsConfiguredWith() {
        assertThat(example.workerGrace()).isEmpty();
        assertThat(brokenAt("darkroom-worker-interactive", deployment -> ((ObjectNode) deployment.at("/spec/template/spec"))
                .put("terminationGracePeriodSeconds", 120)).workerGrace()).singleElement().asString().contains("PT2M");
    }

    @Test
    void withoutItsEnvironmentOverrideTheWorkerDrainComesFromItsSettingsFile() {
        String drain = Repository.workerProperties().getProperty("darkroom.worker.shutdown-grace");
        DeploymentInvariants withoutOverride = brokenAt("darkroom-worker-bulk", deployment -> {
            removeEnv(deployment, "DARKROOM_WORKER_SHUTDOWN_GRACE");
            ((ObjectNode) deployment.at("/spec/template/spec")).put("terminationGracePeriodSeconds",
                    DeploymentInvariants.duration(drain).toSeconds() + 30);
        });

        assertThat(withoutOverride.workerGrace()).singleElement().asString()
                .contains("darkroom-worker-bulk", DeploymentInvariants.duration(drain).toString());
    }

    @Test
    void apiGracePeriodOutlastsItsPreStopPauseAndGracefulShutdown() {
        assertThat(example.apiGrace()).isEmpty();
        assertThat(brokenAt("darkroom-api", deployment -> ((ObjectNode) deployment.at("/spec/template/spec"))
                .put("terminationGracePeriodSeconds", 30)).apiGrace()).singleElement().asString().contains("preStop");
    }

    @Test
    void providerKeysReachTheWorkersOnlyAndTheSecretHoldsEveryKeyTheWorkerReads() {
        assertThat(example.providerKeyNames()).contains("OPENAI_API_KEY", "REPLICATE_API_TOKEN", "FAL_KEY", "GEMINI_API_KEY");
        assertThat(example.providerKeys()).isEmpty();
    }

    @Test
    void apiReferringToTheProviderKeysIsFound() {
        DeploymentInvariants fromSecret = brokenAt("darkroom-api", deployment -> container(deployment).withArray("envFrom")
                .addObject().putObject("secretRef").put("name", DeploymentInvariants.PROVIDER_KEYS_SECRET));
        assertThat(fromSecret.providerKeys()).singleElement().asString().contains("the api refers to", "darkroom-provider-keys");

        DeploymentInvariants inline = brokenAt("darkroom-api", deployment -> container(deployment).withArray("env")
                .addObject().put("name", "OPENAI_API_KEY").put("value", "sk-test"));
        assertThat(inline.providerKeys()).singleElement().asString().contains("the api sets the provider key OPENAI_API_KEY");
    }

    @Test
    void everyLaneOfTheCodeHasItsWorkersScaledOnItsOwnQueues() {
        assertThat(example.lanes()).isEmpty();
    }

    @Test
    void laneWithoutAScaledObjectOrWithAPatternMissingItsQueuesIsFound() {
        List<Manifest> withoutBulkScaler = example.overlay().objects().stream()
                .filter(object -> !object.id().equals("ScaledObject/darkroom-worker-bulk")).toList();
        assertThat(new DeploymentInvariants(new Overlay(withoutBulkScaler), example.api(), example.worker()).lanes())
                .singleElement().asString().contains("no ScaledObject scales Deployment/darkroom-worker-bulk");

        DeploymentInvariants wrongPattern = broken(example.overlay().named("ScaledObject", "darkroom-worker-interactive").orElseThrow(),
                scaler -> ((ObjectNode) scaler.at("/spec/triggers/0/metadata")).put("queueName", "^darkroom\\.jobs\\..*"));
        assertThat(wrongPattern.lanes()).singleElement().asString().contains("matches [", "darkroom.jobs.local.bulk");
    }

    @Test
    void workerDeploymentsDifferOnlyInTheirLane() {
        List<String> normalized = example.workers().stream().map(deployment -> {
            String lane = Overlay.env(Overlay.containers(deployment).getFirst(), "DARKROOM_WORKER_LANES").orElseThrow();
            return deployment.object().toString().replace(lane, "<lane>");
        }).distinct().toList();

        assertThat(normalized).hasSize(1);
    }

    @Test
    void kedaReachesTheRabbitmqClusterOfThisOverlayWithItsOperatorMadeCredentials() {
        Manifest cluster = example.overlay().all("RabbitmqCluster").getFirst();
        String namespace = Kustomization.in(Repository.EXAMPLE_OVERLAY).namespace();

        assertThat(example.overlay().all("ScaledObject")).isNotEmpty().allSatisfy(scaler -> assertThat(scaler.object()
                .at("/spec/triggers/0/metadata/host").asString()).startsWith("http://" + cluster.name() + "." + namespace + ".svc:15672/"));
        assertThat(example.overlay().all("TriggerAuthentication")).singleElement().satisfies(auth -> assertThat(auth.object()
                .at("/spec/secretTargetRef").findValuesAsString("name")).containsOnly(cluster.name() + "-default-user"));
        assertThat(example.overlay().named("ConfigMap", "darkroom-config").orElseThrow().object().at("/data/SPRING_RABBITMQ_HOST").asString())
                .isEqualTo(cluster.name());
    }

    private DeploymentInvariants brokenAt(String deployment, Consumer<ObjectNode> breakage) {
        return broken(example.overlay().named("Deployment", deployment).orElseThrow(), breakage);
    }

    /** The overlay with a broken copy of {@code object} in its place. */
    private DeploymentInvariants broken(Manifest object, Consumer<ObjectNode> breakage) {
        ObjectNode copy = (ObjectNode) object.object().deepCopy();
        breakage.accept(copy);
        List<Manifest> objects = example.overlay().objects().stream()
                .map(other -> other == object ? new Manifest(object.file(), object.document(), copy) : other).toList();
        return new DeploymentInvariants(new Overlay(objects), example.api(), example.worker());
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    }

    private static void removeEnv(ObjectNode deployment, String name) {
        ArrayNode env = (ArrayNode) container(deployment).path("env");
        for (int i = env.size() - 1; i >= 0; i--) {
            JsonNode entry = env.get(i);
            if (entry.path("name").asString().equals(name)) {
                env.remove(i);
            }
        }
    }
}
