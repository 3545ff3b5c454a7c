package io.github.knockj.channels;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server that reads each HTTP/1.1 request (headers and a Content-Length body) and
 * then answers with exactly the bytes it was given, garbage included, before closing the connection
 * or resetting it. Unlike {@link LoopbackServer} it can send what no HTTP server library would:
 * truncated bodies, broken framing, bytes that are not HTTP, a reset in the middle of a response.
 */
final class RawHttpServer implements AutoCloseable {

    /** What to send on a connection once the request is read, and whether to reset it (RST) instead of closing. */
    record Answer(byte[] bytes, boolean reset) {
        /** Sends {@code raw} (ISO-8859-1, so each char is one byte) and closes. */
        static Answer of(String raw) {
            return new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), false);
        }

        /** Sends {@code raw} and resets the connection. */
        static Answer resetAfter(String raw) {
            return new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), true);
        }

        /** A complete response: status line, {@code headers} (each ending CRLF), Content-Length and the body. */
        static Answer response(String statusLine, String headers, byte[] body) {
            String head = statusLine + "\r\n" + headers + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            return new Answer(all, false);
        }
    }

    private final ServerSocket socket;
    private final Answer answer;
    private final Thread acceptor;
    private final AtomicInteger requests = new AtomicInteger();

    private RawHttpServer(Answer answer) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.answer = answer;
        this.acceptor = new Thread(this::acceptLoop, "raw-http-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server giving every connection {@code answer}. */
    static RawHttpServer answering(Answer answer) {
        try {
            return new RawHttpServer(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /** Requests read so far. */
    int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                readRequest(s.getInputStream());
                requests.incrementAndGet();
                OutputStream out = s.getOutputStream();
                out.write(answer.bytes());
                out.flush();
                if (answer.reset()) s.setSoLinger(true, 0); // close sends RST, not FIN
            } catch (IOException e) {
                // closed by the test, or the client gave up: next connection
            }
        }
    }

    /** Reads the request line, headers and a Content-Length body. */
    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) return;
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(line.substring("content-length:".length()).strip()));
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            acceptor.join(2_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
