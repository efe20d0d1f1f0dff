package io.darkroom.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.cli.ImageOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PromptFileTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path folder;

    @Test
    void plainTextHasOnePromptPerLineWithIdsFromTheirLineNumbers() throws Exception {
        PromptFile prompts = read("prompts.txt", "a cat\n\n  a dog  \r\n\nan owl\n", InputFormat.AUTO);

        assertThat(prompts.lines()).extracting(PromptLine::customId).containsExactly("line-00001", "line-00003", "line-00005");
        assertThat(prompts.lines()).extracting(PromptLine::prompt).containsExactly("a cat", "a dog", "an owl");
        assertThat(prompts.lines()).extracting(PromptLine::line).containsExactly(1, 3, 5);
    }

    @Test
    void theSameFileReadTwiceGivesTheSameIdsAndFingerprint() throws Exception {
        String text = "a cat\na dog\n";

        PromptFile first = read("prompts.txt", text, InputFormat.AUTO);
        PromptFile second = read("prompts.txt", text, InputFormat.AUTO);
        PromptFile edited = read("prompts.txt", "a cat\na fox\n", InputFormat.AUTO);

        assertThat(second.lines()).extracting(PromptLine::customId).isEqualTo(first.lines().stream().map(PromptLine::customId).toList());
        assertThat(second.sha256()).isEqualTo(first.sha256()).isNotEqualTo(edited.sha256());
    }

    @Test
    void jsonlTakesFullBatchLinesAndSimpleObjectsAlike() throws Exception {
        PromptFile prompts = read("in.jsonl", """
                {"custom_id": "cat", "method": "POST", "url": "/v1/images/generations", "body": {"prompt": "a cat", "n": 2}}
                {"prompt": "a dog", "size": "512x512"}
                {"prompt": "an owl", "custom_id": "owl"}
                """, InputFormat.AUTO);

        assertThat(prompts.lines()).extracting(PromptLine::customId).containsExactly("cat", "line-00002", "owl");
        assertThat(prompts.lines().getFirst().body().get("n").asInt()).isEqualTo(2);
        assertThat(prompts.lines().get(1).body().get("size").asString()).isEqualTo("512x512");
        assertThat(prompts.lines().get(2).body().has("custom_id")).isFalse();
        JsonNode request = json.readTree(prompts.lines().get(1).requestLine(json));
        assertThat(request.get("method").asString()).isEqualTo("POST");
        assertThat(request.get("url").asString()).isEqualTo("/v1/images/generations");
        assertThat(request.get("body").get("prompt").asString()).isEqualTo("a dog");
    }

    @Test
    void jsonlIsRecognisedByItsFirstLineWhateverTheExtension() throws Exception {
        PromptFile prompts = read("prompts.in", "{\"prompt\": \"a cat\"}\n", InputFormat.AUTO);

        assertThat(prompts.lines().getFirst().prompt()).isEqualTo("a cat");
    }

    @Test
    void everyBadJsonlLineIsReportedByNumberBeforeAnythingIsSent() {
        assertThatThrownBy(() -> read("in.jsonl", """
                {"prompt": "fine"}
                not json
                {"custom_id": "x", "url": "/v1/images/edits", "body": {"prompt": "edit"}}
                ["an", "array"]
                {"prompt": "same id", "custom_id": "line-00001"}
                """, InputFormat.AUTO)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problems()).extracting(InvalidInputException.Problem::line).containsExactly(2, 3, 4, 5);
                    assertThat(e.problems().get(1).message()).contains("/v1/images/edits");
                    assertThat(e.problems().get(3).message()).contains("line-00001").contains("line 1");
                });
    }

    @Test
    void csvReadsThePromptColumnQuotedFieldsAndTypedParameters() throws Exception {
        PromptFile prompts = read("in.csv", """
                custom_id,Prompt,size,n,metadata
                ,"a cat, sleeping","256x256",2,
                dog,"the ""good"" dog",,,"{""team"": ""a""}"
                """, InputFormat.AUTO);

        assertThat(prompts.lines()).extracting(PromptLine::customId).containsExactly("line-00002", "dog");
        assertThat(prompts.lines()).extracting(PromptLine::prompt).containsExactly("a cat, sleeping", "the \"good\" dog");
        JsonNode first = prompts.lines().getFirst().body();
        assertThat(first.get("n").isIntegralNumber()).isTrue();
        assertThat(first.get("size").asString()).isEqualTo("256x256");
        assertThat(first.has("metadata")).isFalse();
        JsonNode second = prompts.lines().get(1).body();
        assertThat(second.has("size")).isFalse();
        assertThat(second.get("metadata").get("team").asString()).isEqualTo("a");
    }

    @Test
    void csvWithoutAPromptColumnOrWithARaggedRowIsRefusedByLine() {
        assertThatThrownBy(() -> read("in.csv", "text,size\nhello,256x256\n", InputFormat.AUTO))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.problems()).singleElement().extracting(InvalidInputException.Problem::line).isEqualTo(1);
                    assertThat(e.problems().getFirst().message()).contains("'prompt'");
                });
        assertThatThrownBy(() -> read("in.csv", "prompt,size\na cat, sleeping,256x256\n", InputFormat.AUTO))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .singleElement().extracting(InvalidInputException.Problem::line).isEqualTo(2));
    }

    @Test
    void commandLineOptionsFillOnlyWhatALineLeavesOut() throws Exception {
        ImageOptions defaults = new ImageOptions();
        new CommandLine(new Holder(defaults)).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--model", "local/slow", "--size", "512x512", "--format", "webp");

        PromptFile prompts = read("in.jsonl", "{\"prompt\": \"a\", \"size\": \"256x256\"}\n{\"prompt\": \"b\"}\n", InputFormat.AUTO, defaults);

        assertThat(prompts.lines().getFirst().body().get("size").asString()).isEqualTo("256x256");
        assertThat(prompts.lines().get(1).body().get("size").asString()).isEqualTo("512x512");
        assertThat(prompts.lines()).allSatisfy(line -> {
            assertThat(line.body().get("model").asString()).isEqualTo("local/slow");
            assertThat(line.body().get("output_format").asString()).isEqualTo("webp");
        });
    }

    @Test
    void anInputFormatGivenOutrightWinsOverTheExtension() throws Exception {
        PromptFile prompts = read("in.jsonl", "{\"prompt\": \"literally this\"}\n", InputFormat.TEXT);

        assertThat(prompts.lines().getFirst().prompt()).isEqualTo("{\"prompt\": \"literally this\"}");
    }

    @Test
    void emptyFileAndByteOrderMarkAreHandled() throws Exception {
        assertThatThrownBy(() -> read("empty.txt", "\n\n", InputFormat.AUTO)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1 bad line");
        assertThat(read("bom.csv", "\uFEFFprompt\na cat\n", InputFormat.AUTO).lines().getFirst().prompt()).isEqualTo("a cat");
    }

    private PromptFile read(String name, String content, InputFormat format) throws IOException, InvalidInputException {
        return read(name, content, format, new ImageOptions());
    }

    private PromptFile read(String name, String content, InputFormat format, ImageOptions defaults) throws IOException, InvalidInputException {
        Path file = folder.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return PromptFile.read(file, format, defaults, json);
    }

    @CommandLine.Command
    static final class Holder {

        @CommandLine.Mixin
        final ImageOptions options;

        Holder(ImageOptions options) {
            this.options = options;
        }
    }
}
