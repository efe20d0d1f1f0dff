package io.darkroom.cli.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of an RFC 4180 text: fields separated by commas, records by CRLF or LF; a field in double quotes may
 * hold commas, line breaks and doubled quotes ({@code ""}). A quote inside an unquoted field is kept as it is;
 * text after a closing quote, or a quote never closed, is malformed. Blank lines are skipped.
 */
final class Csv {

    /** One record and the line it starts on (1-based). */
    record Row(int line, List<String> fields) {
    }

    /** The text is not CSV; {@link #line()} says where. */
    static final class MalformedException extends RuntimeException {

        private final int line;

        MalformedException(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private final String text;
    private final List<Row> rows = new ArrayList<>();
    private List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private boolean fieldQuoted;
    private int line = 1;
    private int rowLine = 1;

    private Csv(String text) {
        this.text = text;
    }

    static List<Row> parse(String text) {
        Csv csv = new Csv(text);
        csv.read();
        return csv.rows;
    }

    private void read() {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && field.isEmpty() && !fieldQuoted) {
                i = readQuoted(i + 1);
            } else if (c == ',') {
                endField();
                i++;
            } else if (c == '\r' || c == '\n') {
                endRow();
                i += c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? 2 : 1;
                line++;
                rowLine = line;
            } else if (fieldQuoted) {
                throw new MalformedException(line, "text after a closing quote: a quoted field must end at a comma or the line's end.");
            } else {
                field.append(c);
                i++;
            }
        }
        endRow();
    }

    /** Reads a quoted field's content from {@code start}, just after its opening quote; returns where it ends. */
    private int readQuoted(int start) {
        int opened = line;
        fieldQuoted = true;
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                field.append('"');
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                line += c == '\n' ? 1 : 0;
                field.append(c);
                i++;
            }
        }
        throw new MalformedException(opened, "a quote opened here is never closed.");
    }

    private void endField() {
        fields.add(field.toString());
        field.setLength(0);
        fieldQuoted = false;
    }

    private void endRow() {
        endField();
        boolean blank = fields.size() == 1 && fields.getFirst().isBlank();
        if (!blank) {
            rows.add(new Row(rowLine, List.copyOf(fields)));
        }
        fields = new ArrayList<>();
    }
}
