package io.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTests {

    private static final String KEY = "dr_secret_key_for_tests";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0};

    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void savesTheImageUnderTheGivenNameAndPrintsItsPath() throws Exception {
        try (StubDarkroom stub = new StubDarkroom().answerJson("/v1/images/generations", 200,
                "{\"created\": 1, \"data\": [{\"b64_json\": \"" + Base64.getEncoder().encodeToString(PNG) + "\"}]}")) {
            Path target = folder.resolve("sub/cat.png");

            int code = run("generate", "a cat", "--size", "256x256", "--out", target.toString(), "--base-url", stub.baseUrl() + "/v1",
                    "--api-key", KEY);

            assertThat(code).isEqualTo(ExitCodes.OK);
            assertThat(Files.readAllBytes(target)).isEqualTo(PNG);
            assertThat(out.toString().strip()).isEqualTo(target.toString());
            String sent = stub.received.getFirst().text();
            assertThat(sent).contains("\"prompt\":\"a cat\"", "\"size\":\"256x256\"", "\"response_format\":\"b64_json\"",
                    "\"output_format\":\"png\"");
        }
    }

    @Test
    void refusalIsOneLineWithTheParameterAndNeverTheKey() {
        try (StubDarkroom stub = new StubDarkroom().answerJson("/v1/images/generations", 400, """
                {"error": {"message": "Invalid size '7x7'.", "type": "invalid_request_error", "param": "size", "code": "invalid_value"}}""")) {
            int code = run("generate", "a cat", "--size", "7x7", "--base-url", stub.baseUrl(), "--api-key", KEY);

            assertThat(code).isEqualTo(ExitCodes.FAILED);
            assertThat(err.toString().lines()).singleElement().asString().contains("param 'size'").contains("Invalid size '7x7'.");
            assertThat(err.toString() + out).doesNotContain(KEY);
        }
    }

    @Test
    void withoutAKeyNothingIsSentAndTheUsageCodeSaysWhy() {
        CommandLine command = DarkroomCli.commandLine();
        command.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        GenerateCommand generate = command.getSubcommands().get("generate").getCommand();
        generate.connection.environment = name -> null;

        int code = command.execute("generate", "a cat", "--base-url", "http://127.0.0.1:9");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("No API key").contains("DARKROOM_API_KEY");
    }

    private int run(String... args) {
        return DarkroomCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }
}
