package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Clients pool connections: a server that closes one behind an answer, without saying so, makes the client's next
 * request on it fail with an empty reply. A connection stays usable after an answer given before the request body
 * was read (a refused key); after a refused upload, whose rest is not read, the answer says {@code Connection: close}.
 */
class ConnectionReuseIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void aRequestRefusedBeforeItsBodyWasReadLeavesTheConnectionReusable() throws Exception {
        URI api = URI.create(darkroom.baseUrl());
        byte[] body = new byte[8 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> write(out, ("POST /v1/images/generations HTTP/1.1\r\n"
                    + "Host: " + api.getAuthority() + "\r\nAuthorization: Bearer dr_wrong_key\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body));

            String refused = readResponse(in);
            sent.get();
            assertThat(refused).startsWith("HTTP/1.1 401");
            assertThat(refused).doesNotContainIgnoringCase("connection: close");

            write(out, ("GET /v1/models HTTP/1.1\r\nHost: " + api.getAuthority() + "\r\nAuthorization: Bearer " + DEV_KEY
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).as("the same connection answers the next request").startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void anUploadRefusedAsTooLargeSaysTheConnectionClosesSoNoClientReusesIt() throws Exception {
        URI api = URI.create(darkroom.baseUrl());
        String boundary = "reuse" + System.nanoTime();
        byte[] image = new byte[6 * 1024 * 1024];
        java.util.Arrays.fill(image, (byte) 7);
        java.io.ByteArrayOutputStream form = new java.io.ByteArrayOutputStream();
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nbigger\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        form.writeBytes(image);
        form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] body = form.toByteArray();
        try (Socket socket = new Socket(api.getHost(), api.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> write(out, ("POST /v1/images/edits HTTP/1.1\r\n"
                    + "Host: " + api.getAuthority() + "\r\nAuthorization: Bearer " + DEV_KEY + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII), body));

            String refused = readResponse(in);
            sent.exceptionally(brokenPipe -> null).get();
            assertThat(refused).startsWith("HTTP/1.1 413");
            assertThat(refused).as("the rest of the upload is not read: the server closes, and says so")
                    .containsIgnoringCase("connection: close");
            // the answer may run to the end of the connection; reading to its end (within the socket timeout) shows it closed
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as("and then closes, answering nothing more")
                    .doesNotContain("HTTP/1.1");
        }
    }

    private static void write(OutputStream out, byte[]... parts) {
        try {
            for (byte[] part : parts) {
                out.write(part);
            }
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One response: its head and its body as its Content-Length or chunked encoding delimits it. */
    private static String readResponse(InputStream in) throws IOException {
        String head = readLine(in);
        if (head == null) {
            return "(connection closed)";
        }
        StringBuilder text = new StringBuilder(head).append('\n');
        long length = 0;
        boolean chunked = false;
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            text.append(line).append('\n');
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(readLine(in).trim(), 16); size > 0; size = Long.parseLong(readLine(in).trim(), 16)) {
                in.readNBytes((int) size);
                readLine(in);
            }
            readLine(in);
        } else {
            in.readNBytes((int) length);
        }
        return text.toString();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).stripTrailing();
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }
}
