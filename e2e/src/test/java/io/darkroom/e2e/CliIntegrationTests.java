package io.darkroom.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.cli.DarkroomCli;
import io.darkroom.cli.ExitCodes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The {@code darkroom} command line, run in-process through its picocli entry point against a whole Darkroom. */
class CliIntegrationTests {

    private static final String STATE = ".darkroom-batch.json";

    private final Darkroom darkroom = Darkroom.shared();

    @TempDir
    Path folder;

    @Test
    void batchRunOfAPlainTextFileSavesOnePngPerLineNamedByCustomIdAndAManifest() throws IOException {
        Path prompts = write("prompts.txt", "a lighthouse in a storm\n\na quiet valley at dusk\na red fox\n");
        Path images = folder.resolve("images");

        Run run = batchRun(DEV_KEY, prompts, images);

        assertThat(run.code).as(run.err).isEqualTo(ExitCodes.OK);
        assertThat(pngs(images)).containsExactly("line-00001.png", "line-00003.png", "line-00004.png");
        for (String name : pngs(images)) {
            BufferedImage image = Images.decode(Files.readAllBytes(images.resolve(name)));
            assertThat(image.getWidth()).isEqualTo(256);
            assertThat(image.getHeight()).isEqualTo(256);
        }
        List<JsonNode> manifest = manifest(images);
        assertThat(manifest).extracting(row -> row.get("custom_id").asString()).containsExactly("line-00001", "line-00003", "line-00004");
        assertThat(manifest).extracting(row -> row.get("prompt").asString()).containsExactly("a lighthouse in a storm",
                "a quiet valley at dusk", "a red fox");
        assertThat(manifest).allSatisfy(row -> {
            assertThat(row.get("status").asString()).isEqualTo("succeeded");
            assertThat(row.get("files").get(0).asString()).isEqualTo(row.get("custom_id").asString() + ".png");
            assertThat(row.get("batch_id").asString()).isEqualTo(stateBatchId(images));
        });
        assertThat(run.out).contains("3 of 3 lines have their images");
        assertThat(run.err).as("plain progress lines, not a redrawn bar").contains("finished").doesNotContain("\r");
    }

    @Test
    void rerunWithTheSameInputReattachesWithoutANewBatchAndLeavesTheImagesAlone() throws IOException {
        String key = newKey("cli rerun");
        Path prompts = write("prompts.txt", "one\ntwo\nthree\n");
        Path images = folder.resolve("images");
        Run first = batchRun(key, prompts, images);
        assertThat(first.code).as(first.err).isEqualTo(ExitCodes.OK);
        String batchId = stateBatchId(images);
        FileTime written = Files.getLastModifiedTime(images.resolve("line-00002.png"));
        byte[] bytes = Files.readAllBytes(images.resolve("line-00002.png"));

        Run second = batchRun(key, prompts, images);

        assertThat(second.code).as(second.err).isEqualTo(ExitCodes.OK);
        assertThat(batchIds(key)).containsExactly(batchId);
        assertThat(stateBatchId(images)).isEqualTo(batchId);
        assertThat(Files.getLastModifiedTime(images.resolve("line-00002.png"))).isEqualTo(written);
        assertThat(Files.readAllBytes(images.resolve("line-00002.png"))).isEqualTo(bytes);
        assertThat(manifest(images)).hasSize(3).allSatisfy(row -> assertThat(row.get("status").asString()).isEqualTo("succeeded"));
    }

    @Test
    void runStoppedWhileItsBatchWaitsIsResumedWithoutPayingTwice() throws Exception {
        String key = newKey("cli interrupted");
        Path prompts = write("prompts.txt", "one\ntwo\nthree\n");
        Path images = folder.resolve("images");
        AtomicInteger stoppedCode = new AtomicInteger(-1);
        StringWriter stoppedErr = new StringWriter();
        darkroom.stopWorker();
        try {
            Thread stopped = new Thread(() -> stoppedCode.set(DarkroomCli.commandLine().setOut(new PrintWriter(new StringWriter(), true))
                    .setErr(new PrintWriter(stoppedErr, true)).execute(batchArguments(key, prompts, images))));
            stopped.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(images.resolve(STATE)) && stateBatchId(images) != null);
            stopped.interrupt();
            stopped.join(Duration.ofSeconds(30));
            assertThat(stopped.isAlive()).isFalse();
        } finally {
            darkroom.startWorker();
        }
        assertThat(stoppedCode.get()).as(stoppedErr.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(stoppedErr.toString()).contains("run the same command again");
        assertThat(pngs(images)).isEmpty();
        String batchId = stateBatchId(images);

        Run resumed = batchRun(key, prompts, images);

        assertThat(resumed.code).as(resumed.err).isEqualTo(ExitCodes.OK);
        assertThat(batchIds(key)).containsExactly(batchId);
        assertThat(pngs(images)).containsExactly("line-00001.png", "line-00002.png", "line-00003.png");
    }

    @Test
    void csvWithAnInvalidLineExitsNonZeroNamingTheLineAndParameterAndGeneratesNothing() throws IOException {
        Path prompts = write("prompts.csv", """
                prompt,size
                a cat,256x256
                "a dog, running",7x7
                an owl,256x256
                """);
        Path images = folder.resolve("images");

        Run refused = batchRun(DEV_KEY, prompts, images);

        assertThat(refused.code).isEqualTo(ExitCodes.INPUT_REFUSED);
        assertThat(refused.err).contains("prompts.csv:3 (custom_id line-00003): size: ").contains("[invalid_value]")
                .doesNotContain("prompts.csv:2").doesNotContain("prompts.csv:4");
        assertThat(pngs(images)).isEmpty();

        Files.writeString(prompts, Files.readString(prompts).replace("7x7", "256x256"));
        Run fixed = batchRun(DEV_KEY, prompts, images);

        assertThat(fixed.code).as("a refused batch does not hold the folder: " + fixed.err).isEqualTo(ExitCodes.OK);
        assertThat(pngs(images)).containsExactly("line-00002.png", "line-00003.png", "line-00004.png");
    }

    @Test
    void lineThatFailedIsReportedAndOnlyItIsSubmittedAgainWithRetryFailed() throws IOException {
        String key = newKey("cli retry");
        darkroom.providers.resetAll();
        darkroom.providers.stubFor(post("/openai/v1/images/generations").withRequestBody(containing("refuse me"))
                .willReturn(openAi(400, "{\"error\": {\"message\": \"Rejected by the safety system.\", \"type\": \"image_generation_user_error\","
                        + " \"param\": null, \"code\": \"moderation_blocked\"}}")));
        darkroom.providers.stubFor(post("/openai/v1/images/generations").withRequestBody(containing("fine"))
                .willReturn(openAi(200, "{\"created\": 1, \"data\": [{\"b64_json\": \""
                        + Base64.getEncoder().encodeToString(Images.solidPng(256, 256, 0xFF336699, false)) + "\"}]}")));
        Path prompts = write("prompts.jsonl", """
                {"custom_id": "good", "prompt": "fine"}
                {"custom_id": "bad one", "prompt": "refuse me"}
                """);
        Path images = folder.resolve("images");
        try {
            Run first = batchRun(key, prompts, images, "--model", "dall-e-2");
            assertThat(first.code).as(first.err).isEqualTo(ExitCodes.SOME_LINES_FAILED);
            assertThat(first.err).contains("bad one").contains("--retry-failed");
            assertThat(manifest(images)).extracting(row -> row.get("status").asString()).containsExactly("succeeded", "failed");
            FileTime good = Files.getLastModifiedTime(images.resolve("good.png"));

            Run again = batchRun(key, prompts, images, "--model", "dall-e-2");
            assertThat(again.code).isEqualTo(ExitCodes.SOME_LINES_FAILED);
            assertThat(batchIds(key)).as("a plain re-run submits nothing").hasSize(1);

            darkroom.providers.stubFor(post("/openai/v1/images/generations").withRequestBody(containing("refuse me"))
                    .willReturn(openAi(200, "{\"created\": 1, \"data\": [{\"b64_json\": \""
                            + Base64.getEncoder().encodeToString(Images.solidPng(256, 256, 0xFF993366, false)) + "\"}]}")));
            Run retried = batchRun(key, prompts, images, "--model", "dall-e-2", "--retry-failed");

            assertThat(retried.code).as(retried.err).isEqualTo(ExitCodes.OK);
            List<String> batches = batchIds(key);
            assertThat(batches).hasSize(2);
            JsonNode retry = darkroom.json(darkroom.get("/v1/batches/" + batches.getFirst(), auth(key)));
            assertThat(retry.get("request_counts").get("total").asInt()).as("only the failed line").isEqualTo(1);
            String badName = pngs(images).stream().filter(name -> name.startsWith("bad_one-")).findFirst().orElseThrow();
            assertThat(badName).matches("bad_one-[0-9a-f]{8}\\.png");
            assertThat(Files.getLastModifiedTime(images.resolve("good.png"))).isEqualTo(good);
            assertThat(manifest(images)).extracting(row -> row.get("status").asString()).containsExactly("succeeded", "succeeded");
        } finally {
            darkroom.providers.resetAll();
        }
    }

    @Test
    void generateWritesAPngAndPrintsItsPath() throws IOException {
        Path target = folder.resolve("out/lighthouse.png");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = DarkroomCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute("generate",
                "a lighthouse in a storm", "--model", "local/fast", "--size", "256x256", "--out", target.toString(),
                "--base-url", darkroom.baseUrl(), "--api-key", DEV_KEY);

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().strip()).isEqualTo(target.toString());
        BufferedImage image = Images.decode(Files.readAllBytes(target));
        assertThat(image.getWidth()).isEqualTo(256);
        assertThat(Arrays.copyOf(Files.readAllBytes(target), 4)).containsExactly(0x89, 'P', 'N', 'G');
    }

    private record Run(int code, String out, String err) {
    }

    private Run batchRun(String key, Path prompts, Path images, String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DarkroomCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(batchArguments(key, prompts, images, more));
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code darkroom batch run} at 256x256, with {@code local/fast} unless {@code more} names a model. */
    private String[] batchArguments(String key, Path prompts, Path images, String... more) {
        List<String> arguments = new ArrayList<>(List.of("batch", "run", prompts.toString(), "--out", images.toString(),
                "--size", "256x256", "--poll", "200ms", "--base-url", darkroom.baseUrl(), "--api-key", key));
        if (!Arrays.asList(more).contains("--model")) {
            arguments.addAll(List.of("--model", "local/fast"));
        }
        arguments.addAll(Arrays.asList(more));
        return arguments.toArray(String[]::new);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }

    private List<String> pngs(Path images) throws IOException {
        if (!Files.isDirectory(images)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(images)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".png")).sorted().toList();
        }
    }

    private List<JsonNode> manifest(Path images) throws IOException {
        return Files.readAllLines(images.resolve("manifest.jsonl")).stream().map(darkroom::json).toList();
    }

    private String stateBatchId(Path images) throws IOException {
        JsonNode batches = darkroom.json(Files.readString(images.resolve(STATE))).get("batches");
        JsonNode last = batches.isEmpty() ? null : batches.get(batches.size() - 1).get("batch_id");
        return last != null && last.isString() ? last.asString() : null;
    }

    /** The key's batches, newest first. */
    private List<String> batchIds(String key) {
        return darkroom.json(darkroom.get("/v1/batches?limit=100", auth(key))).get("data").valueStream()
                .map(batch -> batch.get("id").asString()).toList();
    }

    private String newKey(String name) {
        return darkroom.json(darkroom.post("/admin/keys", "{\"name\": \"" + name + "\"}", auth(Darkroom.ADMIN_TOKEN))).get("secret").asString();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder openAi(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
