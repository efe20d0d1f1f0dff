package io.darkroom.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PreferTests {

    @Test
    void absentHeaderPrefersNothing() {
        assertThat(Prefer.parse(null)).isEqualTo(Prefer.NONE);
        assertThat(Prefer.parse("  ")).isEqualTo(Prefer.NONE);
    }

    @Test
    void respondAsyncIsRecognisedWhateverItsCaseAndCompany() {
        assertThat(Prefer.parse("respond-async").respondAsync()).isTrue();
        assertThat(Prefer.parse("handling=lenient, Respond-Async").respondAsync()).isTrue();
    }

    @Test
    void waitIsReadInSeconds() {
        assertThat(Prefer.parse("wait=15").waitFor()).contains(Duration.ofSeconds(15));
        assertThat(Prefer.parse("respond-async, wait=\"5\"").waitFor()).contains(Duration.ofSeconds(5));
    }

    @Test
    void malformedWaitIsIgnoredAsTheRfcAsks() {
        assertThat(Prefer.parse("wait=soon").waitFor()).isEmpty();
        assertThat(Prefer.parse("wait=-3").waitFor()).isEmpty();
        assertThat(Prefer.parse("wait=99999999999999").waitFor()).isEmpty();
    }
}
