package io.github.knockj.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow clients cannot stall the demo server: many connections that promise a request body and send
 * one byte of it take the HTTP threads only until the request time limit closes them, and requests
 * past the bounded queue are refused instead of being run on the server's dispatcher thread.
 */
class SlowClientsTest {
    private static final int SLOW_CONNECTIONS = 340;

    private InboxServer server;
    private final List<Socket> slow = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = InboxServer.start(InboxServer.Settings.defaults().withPort(0).withSeedHistory(false));
    }

    @AfterEach
    void stop() {
        for (Socket s : slow) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed by the server
            }
        }
        server.close();
    }

    @Test
    void connectionsThatStopMidBodyDoNotStallTheServer() throws Exception {
        byte[] stalled = ("POST /api/demo/sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
            slow.add(s);
            OutputStream out = s.getOutputStream();
            out.write(stalled);
            out.flush();
        }
        DemoClient client = new DemoClient(server);
        // the request time limit (InboxServer.DEFAULT_REQUEST_SECONDS) frees the threads the slow bodies
        // hold; until then a request may be refused or wait
        long deadline = System.nanoTime() + 30_000_000_000L;
        DemoClient.Reply reply = null;
        while (System.nanoTime() < deadline) {
            try {
                reply = client.get("/api/demo/users", null);
                if (reply.status() == 200) break;
            } catch (IOException refusedOrTimedOut) {
                Thread.sleep(200);
            }
        }
        assertThat(reply).as("the server answers again within 30 s").isNotNull();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(client.signIn("ada")).isNotBlank();
    }
}
