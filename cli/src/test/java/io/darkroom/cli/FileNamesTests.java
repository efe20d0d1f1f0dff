package io.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FileNamesTests {

    @Test
    void safeCustomIdIsTheFileNameAsItIs() {
        assertThat(FileNames.forCustomId("line-00001")).isEqualTo("line-00001");
        assertThat(FileNames.forCustomId("Cat_2.v1")).isEqualTo("Cat_2.v1");
    }

    @Test
    void unsafeCharactersArePathsNeverAndTheNameStaysStable() {
        String name = FileNames.forCustomId("../../etc/passwd");

        assertThat(name).doesNotContain("/").doesNotStartWith(".").matches("[A-Za-z0-9._-]+");
        assertThat(FileNames.forCustomId("../../etc/passwd")).isEqualTo(name);
        assertThat(FileNames.forCustomId("a cat: 🐈")).matches("a_cat__+-[0-9a-f]{8}");
    }

    @Test
    void idsThatSanitiseAlikeStillGetDifferentNames() {
        List<String> ids = List.of("a/b", "a_b", "a?b", "a b", "A/B");

        Set<String> names = ids.stream().map(FileNames::forCustomId).collect(Collectors.toSet());

        assertThat(names).hasSameSizeAs(ids);
    }

    @Test
    void hiddenDashLeadingDeviceAndOverlongNamesAreAvoided() {
        assertThat(FileNames.forCustomId(".hidden")).startsWith("_hidden-");
        assertThat(FileNames.forCustomId("-rf")).startsWith("_rf-");
        assertThat(FileNames.forCustomId("CON")).startsWith("_CON-");
        assertThat(FileNames.forCustomId("nul.txt")).startsWith("_nul.txt-");
        assertThat(FileNames.forCustomId("x".repeat(300))).hasSize(109);
        assertThat(FileNames.forCustomId("")).matches("_-[0-9a-f]{8}");
    }

    @Test
    void promptSlugIsShortLowerCaseAndNeverEmpty() {
        assertThat(FileNames.slugOf("A lighthouse, in a STORM!")).isEqualTo("a-lighthouse-in-a-storm");
        assertThat(FileNames.slugOf("🐈🐈")).isEqualTo("image");
        assertThat(FileNames.slugOf("word ".repeat(40))).hasSizeLessThanOrEqualTo(60).doesNotEndWith("-");
    }
}
