package io.darkroom.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Files of the repository these tests read: the manifests and the apps' own settings, so the two cannot drift apart. */
final class Repository {

    static final Path ROOT = findRoot();
    static final Path K8S = ROOT.resolve("deploy/k8s");
    static final Path BASE = K8S.resolve("base");
    static final Path EXAMPLE_OVERLAY = K8S.resolve("overlays/example");

    private Repository() {
    }

    /** The api's defaults with the shared ones under them, as the api reads them. */
    static Properties apiProperties() {
        return withInfra("api/src/main/resources/darkroom-api.properties");
    }

    /** The worker's defaults with the shared ones under them, as the worker reads them. */
    static Properties workerProperties() {
        return withInfra("worker/src/main/resources/darkroom-worker.properties");
    }

    private static Properties withInfra(String file) {
        Properties infra = load("shared-infra/src/main/resources/darkroom-infra.properties", new Properties());
        Properties app = new Properties(infra);
        return load(file, app);
    }

    private static Properties load(String file, Properties into) {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve(file))) {
            into.load(reader);
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/k8s")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No deploy/k8s above " + Path.of("").toAbsolutePath());
    }
}
