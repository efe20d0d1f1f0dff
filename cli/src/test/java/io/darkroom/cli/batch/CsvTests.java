package io.darkroom.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTests {

    @Test
    void quotedFieldsKeepTheirCommasDoubledQuotesAndLineBreaks() {
        List<Csv.Row> rows = Csv.parse("prompt,size\n\"a cat, a dog\",256x256\n\"the \"\"big\"\" one\",512x512\n\"two\nlines\",\n");

        assertThat(rows).extracting(Csv.Row::fields).containsExactly(List.of("prompt", "size"), List.of("a cat, a dog", "256x256"),
                List.of("the \"big\" one", "512x512"), List.of("two\nlines", ""));
    }

    @Test
    void eachRecordKnowsTheLineItStartsOnThroughQuotedLineBreaksAndBlankLines() {
        List<Csv.Row> rows = Csv.parse("prompt\r\n\"first\r\nstill first\"\r\n\r\nsecond\r\nthird");

        assertThat(rows).extracting(Csv.Row::line).containsExactly(1, 2, 5, 6);
        assertThat(rows.get(1).fields()).containsExactly("first\r\nstill first");
    }

    @Test
    void quoteInsideAnUnquotedFieldIsKeptAsWritten() {
        assertThat(Csv.parse("a \"big\" cat,x").getFirst().fields()).containsExactly("a \"big\" cat", "x");
    }

    @Test
    void quoteNeverClosedIsMalformedAtTheLineItOpens() {
        assertThatThrownBy(() -> Csv.parse("prompt\nfine\n\"never\nclosed,x\n")).isInstanceOfSatisfying(Csv.MalformedException.class,
                e -> assertThat(e.line()).isEqualTo(3));
    }

    @Test
    void textAfterAClosingQuoteIsMalformed() {
        assertThatThrownBy(() -> Csv.parse("prompt\n\"quoted\"tail\n")).isInstanceOfSatisfying(Csv.MalformedException.class,
                e -> assertThat(e.line()).isEqualTo(2));
    }
}
