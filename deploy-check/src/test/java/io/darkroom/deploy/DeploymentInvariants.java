package io.darkroom.deploy;

import static io.darkroom.deploy.Overlay.containers;
import static io.darkroom.deploy.Overlay.env;
import static io.darkroom.deploy.Overlay.secretsUsedBy;

import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * What the apps need of their manifests, read against the apps' own settings files. Each check returns what breaks
 * it, one sentence per breach naming the object, and nothing when all holds.
 *
 * @param overlay the objects an overlay makes
 * @param api     the api's settings (darkroom-api.properties over darkroom-infra.properties)
 * @param worker  the worker's settings (darkroom-worker.properties over darkroom-infra.properties)
 */
record DeploymentInvariants(Overlay overlay, Properties api, Properties worker) {

    static final String PROVIDER_KEYS_SECRET = "darkroom-provider-keys";
    /** Spring's default {@code spring.lifecycle.timeout-per-shutdown-phase}. */
    private static final String DEFAULT_SHUTDOWN_PHASE = "30s";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+):?[^}]*}");

    /** The example overlay's objects against the repository's settings. */
    static DeploymentInvariants ofExampleOverlay() {
        return new DeploymentInvariants(Overlay.example(), Repository.apiProperties(), Repository.workerProperties());
    }

    /** Liveness and readiness probes ask the health groups the app serves, on the port its actuator listens on. */
    List<String> probes() {
        List<String> breaches = new ArrayList<>();
        for (Manifest deployment : overlay.all("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                Properties app = appOf(container);
                int port = Integer.parseInt(app.getProperty("management.server.port", app.getProperty("server.port")));
                String base = app.getProperty("management.endpoints.web.base-path", "/actuator");
                if (!"true".equals(app.getProperty("management.endpoint.health.probes.enabled"))) {
                    breaches.add(deployment + ": its app does not enable the health probes");
                }
                for (String probe : List.of("liveness", "readiness")) {
                    JsonNode get = container.path(probe + "Probe").path("httpGet");
                    if (!get.path("path").asString("").equals(base + "/health/" + probe) || portOf(container, get.path("port")) != port) {
                        breaches.add(deployment + ": " + probe + "Probe is not GET " + base + "/health/" + probe + " on port " + port);
                    }
                }
            }
        }
        return breaches;
    }

    /** Every container of a Deployment or StatefulSet requests and is limited in CPU and memory. */
    List<String> resources() {
        List<String> breaches = new ArrayList<>();
        for (Manifest workload : overlay.workloads()) {
            for (JsonNode container : containers(workload)) {
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (container.path("resources").path(bound).path(resource).isMissingNode()) {
                            breaches.add(workload + ": container " + container.path("name").asString() + " has no " + bound + "." + resource);
                        }
                    }
                }
            }
        }
        return breaches;
    }

    /**
     * Workloads select their own pods and no other workload's; Services and PodDisruptionBudgets select a workload's
     * pods (a Service's named target port among their container ports); autoscalers target an existing Deployment,
     * one autoscaler per Deployment, which leaves its replicas to it.
     */
    List<String> selectors() {
        List<String> breaches = new ArrayList<>();
        for (Manifest workload : overlay.workloads()) {
            JsonNode selector = workload.object().path("spec").path("selector").path("matchLabels");
            List<Manifest> selected = overlay.selectedBy(selector);
            if (selector.isEmpty() || !selected.equals(List.of(workload))) {
                breaches.add(workload + ": its selector picks the pods of " + selected);
            }
        }
        for (Manifest service : overlay.all("Service")) {
            List<Manifest> selected = overlay.selectedBy(service.object().path("spec").path("selector"));
            Set<String> ports = new HashSet<>();
            selected.forEach(workload -> containers(workload).forEach(container -> container.path("ports").values()
                    .forEach(port -> ports.add(port.path("name").asString()))));
            service.object().path("spec").path("ports").values().stream().map(port -> port.path("targetPort"))
                    .filter(JsonNode::isString).filter(port -> !ports.contains(port.asString()))
                    .forEach(port -> breaches.add(service + ": no selected container has a port named " + port.asString()));
            if (selected.isEmpty()) {
                breaches.add(service + ": selects no workload's pods");
            }
        }
        for (Manifest budget : overlay.all("PodDisruptionBudget")) {
            if (overlay.selectedBy(budget.object().path("spec").path("selector").path("matchLabels")).size() != 1) {
                breaches.add(budget + ": does not select exactly one workload's pods");
            }
        }
        Set<String> scaled = new HashSet<>();
        for (Manifest scaler : Stream.concat(overlay.all("HorizontalPodAutoscaler").stream(), overlay.all("ScaledObject").stream()).toList()) {
            JsonNode target = scaler.object().path("spec").path("scaleTargetRef");
            String name = target.path("name").asString();
            if (!target.path("kind").asString("Deployment").equals("Deployment") || overlay.named("Deployment", name).isEmpty()) {
                breaches.add(scaler + ": scales no Deployment of this overlay (" + target + ")");
            } else if (!scaled.add(name)) {
                breaches.add(scaler + ": Deployment " + name + " already has an autoscaler");
            } else if (overlay.named("Deployment", name).orElseThrow().object().path("spec").has("replicas")) {
                breaches.add(scaler + ": Deployment " + name + " sets replicas, which every apply would reset under it");
            }
        }
        return breaches;
    }

    /**
     * A stopping worker has the time to drain its jobs: the grace period exceeds the drain
     * ({@code darkroom.worker.shutdown-grace}, from the Deployment's environment or else the worker's settings file)
     * plus the shutdown phase that then stops the listener containers.
     */
    List<String> workerGrace() {
        List<String> breaches = new ArrayList<>();
        Duration phase = duration(worker.getProperty("spring.lifecycle.timeout-per-shutdown-phase", DEFAULT_SHUTDOWN_PHASE));
        for (Manifest deployment : workers()) {
            JsonNode container = containers(deployment).getFirst();
            Duration drain = duration(env(container, "DARKROOM_WORKER_SHUTDOWN_GRACE")
                    .orElse(worker.getProperty("darkroom.worker.shutdown-grace")));
            long grace = deployment.object().at("/spec/template/spec/terminationGracePeriodSeconds").asLong(30);
            if (grace <= drain.plus(phase).toSeconds()) {
                breaches.add(deployment + ": terminationGracePeriodSeconds " + grace + " does not exceed the drain (" + drain
                        + ") and the shutdown phase (" + phase + ")");
            }
        }
        return breaches;
    }

    /** The api shuts down gracefully within its grace period: the preStop pause and Spring's shutdown phase fit in it. */
    List<String> apiGrace() {
        List<String> breaches = new ArrayList<>();
        Duration phase = duration(api.getProperty("spring.lifecycle.timeout-per-shutdown-phase", DEFAULT_SHUTDOWN_PHASE));
        if (!"graceful".equals(api.getProperty("server.shutdown"))) {
            breaches.add("the api does not shut down gracefully (server.shutdown)");
        }
        for (Manifest deployment : apis()) {
            long pause = containers(deployment).getFirst().at("/lifecycle/preStop/sleep/seconds").asLong(0);
            long grace = deployment.object().at("/spec/template/spec/terminationGracePeriodSeconds").asLong(30);
            if (grace <= pause + phase.toSeconds()) {
                breaches.add(deployment + ": terminationGracePeriodSeconds " + grace + " does not exceed the preStop pause ("
                        + pause + " s) and the shutdown phase (" + phase + ")");
            }
        }
        return breaches;
    }

    /**
     * Provider keys reach the workers only: the keys' Secret holds every key the worker reads, every worker uses it,
     * and no api container refers to a Secret holding one, nor sets one.
     */
    List<String> providerKeys() {
        List<String> breaches = new ArrayList<>();
        Set<String> keys = providerKeyNames();
        Set<String> keySecrets = new HashSet<>();
        for (Manifest secret : overlay.all("Secret")) {
            Set<String> held = new HashSet<>(secret.object().path("stringData").propertyNames());
            held.addAll(secret.object().path("data").propertyNames());
            if (held.stream().anyMatch(keys::contains) || secret.name().equals(PROVIDER_KEYS_SECRET)) {
                keySecrets.add(secret.name());
            }
            if (secret.name().equals(PROVIDER_KEYS_SECRET) && !held.containsAll(keys)) {
                breaches.add(secret + ": lacks provider keys the worker reads: " + keys.stream().filter(key -> !held.contains(key)).sorted().toList());
            }
        }
        if (keySecrets.isEmpty()) {
            breaches.add("no Secret " + PROVIDER_KEYS_SECRET);
        }
        for (Manifest deployment : apis()) {
            Set<String> used = secretsUsedBy(deployment);
            used.retainAll(keySecrets);
            containers(deployment).forEach(container -> container.path("env").values().stream().map(env -> env.path("name").asString())
                    .filter(keys::contains).forEach(key -> breaches.add(deployment + ": the api sets the provider key " + key)));
            used.forEach(secret -> breaches.add(deployment + ": the api refers to the provider keys' Secret " + secret));
        }
        workers().stream().filter(deployment -> !secretsUsedBy(deployment).contains(PROVIDER_KEYS_SECRET))
                .forEach(deployment -> breaches.add(deployment + ": the worker does not read " + PROVIDER_KEYS_SECRET));
        return breaches;
    }

    /**
     * Each lane of the code has its own worker Deployment, consuming that lane only, and a ScaledObject scaling it on
     * the lane's queue length: a RabbitMQ trigger whose queue pattern matches the lane's queue of every provider
     * ({@link Names#workQueue}) and no other queue, with a target no larger than what one worker takes.
     */
    List<String> lanes() {
        List<String> breaches = new ArrayList<>();
        Names names = new Names(overlay.configValue("DARKROOM_NAMESPACE").orElse("darkroom"));
        for (Lane lane : Lane.values()) {
            List<Manifest> deployments = workers().stream()
                    .filter(deployment -> env(containers(deployment).getFirst(), "DARKROOM_WORKER_LANES").orElse("").equals(lane.wireName()))
                    .toList();
            if (deployments.size() != 1) {
                breaches.add("lane " + lane.wireName() + ": " + deployments.size() + " worker Deployments consume it alone, not one");
                continue;
            }
            Manifest deployment = deployments.getFirst();
            List<Manifest> scalers = overlay.all("ScaledObject").stream()
                    .filter(scaler -> scaler.object().at("/spec/scaleTargetRef/name").asString().equals(deployment.name())).toList();
            if (scalers.isEmpty()) {
                breaches.add("lane " + lane.wireName() + ": no ScaledObject scales " + deployment.id());
            }
            int inFlight = Integer.parseInt(env(containers(deployment).getFirst(), "DARKROOM_WORKER_MAX_IN_FLIGHT")
                    .orElse(worker.getProperty("darkroom.worker.max-in-flight")));
            scalers.forEach(scaler -> breaches.addAll(queueTriggerBreaches(scaler, names, lane, inFlight)));
        }
        workers().stream().filter(deployment -> env(containers(deployment).getFirst(), "DARKROOM_WORKER_LANES").isEmpty())
                .forEach(deployment -> breaches.add(deployment + ": consumes every lane; each lane's workers scale apart"));
        return breaches;
    }

    private List<String> queueTriggerBreaches(Manifest scaler, Names names, Lane lane, int inFlight) {
        List<String> breaches = new ArrayList<>();
        List<JsonNode> triggers = scaler.object().path("spec").path("triggers").values().stream().toList();
        if (triggers.isEmpty()) {
            breaches.add(scaler + ": has no trigger");
        }
        for (JsonNode trigger : triggers) {
            JsonNode metadata = trigger.path("metadata");
            Map<String, String> expected = Map.of("protocol", "http", "mode", "QueueLength", "useRegex", "true");
            expected.forEach((key, value) -> {
                if (!trigger.path("type").asString().equals("rabbitmq") || !metadata.path(key).asString().equals(value)) {
                    breaches.add(scaler + ": trigger " + trigger.path("name").asString() + " is not rabbitmq with " + key + "=" + value);
                }
            });
            Pattern queues = Pattern.compile(metadata.path("queueName").asString());
            List<String> missed = ModelCatalog.builtIn().providers().stream().map(provider -> names.workQueue(provider, lane))
                    .filter(queue -> !queues.matcher(queue).find()).toList();
            List<String> others = new ArrayList<>(List.of(names.parkingQueue(), names.webhooksQueue(), names.deadNoticesQueue(),
                    names.retryQueue("30s")));
            Stream.of(Lane.values()).filter(other -> other != lane).forEach(other -> others.add(names.workQueue("local", other)));
            List<String> wrong = others.stream().filter(queue -> queues.matcher(queue).find()).toList();
            if (!missed.isEmpty() || !wrong.isEmpty()) {
                breaches.add(scaler + ": queueName " + queues + " misses " + missed + " and matches " + wrong);
            }
            if (metadata.path("value").asDouble(Double.MAX_VALUE) > inFlight) {
                breaches.add(scaler + ": its target " + metadata.path("value").asString() + " exceeds what a worker takes (" + inFlight + ")");
            }
        }
        return breaches;
    }

    /** The env names the worker reads provider keys from ({@code darkroom.providers.instances.*.api-key=${NAME:}}). */
    Set<String> providerKeyNames() {
        Set<String> keys = new HashSet<>();
        for (String property : worker.stringPropertyNames()) {
            Matcher placeholder = PLACEHOLDER.matcher(worker.getProperty(property));
            if (property.startsWith("darkroom.providers.instances.") && property.endsWith(".api-key") && placeholder.matches()) {
                keys.add(placeholder.group(1));
            }
        }
        return keys;
    }

    List<Manifest> workers() {
        return overlay.all("Deployment").stream().filter(deployment -> appOf(containers(deployment).getFirst()) == worker).toList();
    }

    List<Manifest> apis() {
        return overlay.all("Deployment").stream().filter(deployment -> appOf(containers(deployment).getFirst()) == api).toList();
    }

    /** The settings of the app a container runs, by the jar its command starts ({@code /app/<app>/<app>.jar}). */
    private Properties appOf(JsonNode container) {
        String command = container.path("command").toString();
        if (command.contains("/app/api/")) {
            return api;
        }
        if (command.contains("/app/worker/")) {
            return worker;
        }
        throw new IllegalArgumentException("Container " + container.path("name").asString() + " runs neither app: " + command);
    }

    private static int portOf(JsonNode container, JsonNode port) {
        if (port.isNumber()) {
            return port.asInt();
        }
        return container.path("ports").values().stream().filter(candidate -> candidate.path("name").asString().equals(port.asString()))
                .mapToInt(candidate -> candidate.path("containerPort").asInt()).findFirst().orElse(-1);
    }

    /** A Spring duration: {@code 20s}, {@code 2m}, {@code 500ms}, or ISO-8601 ({@code PT20S}). */
    static Duration duration(String text) {
        Matcher simple = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(text.strip());
        if (!simple.matches()) {
            return Duration.parse(text.strip());
        }
        long amount = Long.parseLong(simple.group(1));
        return switch (simple.group(2) == null ? "ms" : simple.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofMillis(amount);
        };
    }
}
