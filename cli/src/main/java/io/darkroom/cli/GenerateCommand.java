package io.darkroom.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code darkroom generate "prompt"}: one synchronous generation, saved to a file whose path is printed. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generates one image, waits for it, saves it and prints the file's path.")
final class GenerateCommand implements Callable<Integer> {

    private final JsonMapper json = JsonMapper.builder().build();

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ImageOptions image;

    @Parameters(paramLabel = "PROMPT", description = "What to draw.")
    String prompt;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Where to save it: a file (its .png, .jpg or .webp sets the format when --format does not), "
                    + "or a folder. Default: a name made from the prompt, in the current folder.")
    Path out;

    @Override
    public Integer call() {
        ObjectNode body = json.createObjectNode().put("prompt", prompt).put("response_format", "b64_json");
        image.applyTo(body);
        ImageType named = formatNamedBy(out);
        if (image.format() == null && named != null) {
            body.put("output_format", named.name().toLowerCase(Locale.ROOT));
        }
        DarkroomApi api = connection.connect();
        JsonNode first = api.generate(body).path("data").path(0);
        byte[] bytes = first.hasNonNull("b64_json") ? Base64.getDecoder().decode(first.get("b64_json").asString())
                : api.download(first.path("url").asString()).orElseThrow(() -> new CommandFailedException(ExitCodes.FAILED,
                        "The image was gone before it could be downloaded."));
        Path target = target(ImageType.of(bytes));
        AtomicFiles.write(target, bytes);
        spec.commandLine().getOut().println(target);
        return ExitCodes.OK;
    }

    private Path target(ImageType type) {
        String name = FileNames.slugOf(prompt) + "." + type.extension();
        Path target = out == null ? Path.of(name) : Files.isDirectory(out) ? out.resolve(name) : out;
        Path folder = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder + ": " + e.getMessage(), e);
        }
        return target;
    }

    /** The format a file name's extension names, or null. */
    private static ImageType formatNamedBy(Path file) {
        if (file == null || Files.isDirectory(file)) {
            return null;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ImageType type : ImageType.values()) {
            if (name.endsWith("." + type.extension()) || name.endsWith("." + type.name().toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        return null;
    }
}
