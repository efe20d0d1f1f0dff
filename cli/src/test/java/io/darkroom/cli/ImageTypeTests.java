package io.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageTypeTests {

    @Test
    void typeIsToldByTheBytesSignature() {
        assertThat(ImageType.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0})).isEqualTo(ImageType.PNG);
        assertThat(ImageType.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})).isEqualTo(ImageType.JPEG);
        assertThat(ImageType.of("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(ImageType.WEBP);
        assertThat(ImageType.JPEG.extension()).isEqualTo("jpg");
    }

    @Test
    void anythingElseIsRefusedNamingItsStart() {
        assertThatThrownBy(() -> ImageType.of("<html>oops".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<htm");
        assertThatThrownBy(() -> ImageType.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
