package dev.tidings.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One HTTP/1.1 request written by hand on a plain socket, for what {@code HttpClient} will not
 * send (WebSocket upgrade headers, any Origin) and to see exactly what the server answers first.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** The headers that ask for a WebSocket upgrade. */
    public static final List<String> WEBSOCKET_UPGRADE = List.of("Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13");

    /** {@code first} then {@code more} headers, as one array. */
    public static String[] headers(List<String> first, String... more) {
        return Stream.concat(first.stream(), Stream.of(more)).toArray(String[]::new);
    }

    /** The status line, headers and the first bytes of the body (read for at most {@code millis}). */
    public record Answer(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends {@code GET path} with {@code extraHeaders} (each "Name: value") and reads the answer. */
    public static Answer get(URI base, String path, int millis, String... extraHeaders) {
        return send(base, "GET", path, null, millis, extraHeaders);
    }

    /**
     * Sends {@code GET path} with {@code extraHeaders} and at once resets the connection (RST, no
     * FIN): a client that vanishes right after asking, before the server has answered.
     */
    public static void getAndVanish(URI base, String path, String... extraHeaders) throws IOException {
        URI uri = base.resolve(path);
        Socket socket = new Socket(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort());
        socket.getOutputStream().write(head("GET", uri, extraHeaders));
        socket.getOutputStream().flush();
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /**
     * Opens a WebSocket with {@code extraHeaders} and returns its socket once the server has
     * switched protocols; the caller then reads nothing and answers nothing (not even a ping),
     * like a client whose network dropped it without a FIN.
     */
    public static Socket upgradeAndFallSilent(URI base, String path, String... extraHeaders) throws IOException {
        URI uri = base.resolve(path);
        Socket socket = new Socket(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort());
        socket.getOutputStream().write(head("GET", uri, headers(WEBSOCKET_UPGRADE, extraHeaders)));
        socket.getOutputStream().flush();
        socket.setSoTimeout(30_000);
        StringBuilder head = new StringBuilder();
        InputStream in = socket.getInputStream();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                socket.close();
                throw new IOException("closed before the upgrade: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("not upgraded: " + head);
        }
        return socket;
    }

    /** Sends {@code method path} with the headers and {@code body} (or none) and reads the answer. */
    public static Answer send(URI base, String method, String path, String body, int millis, String... extraHeaders) {
        URI uri = base.resolve(path);
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        try (Socket socket = new Socket(uri.getHost(), port)) {
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            out.write(head(method, uri, extraHeaders));
            if (body != null) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            return read(socket, millis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request line, Host and {@code headers} (each "Name: value"), and the blank line that ends them. */
    private static byte[] head(String method, URI uri, String... headers) {
        StringBuilder request = new StringBuilder(method + " " + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort() == -1 ? 80 : uri.getPort()).append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A whole answer: a switch of protocols, or a head whose Content-Length has arrived. */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        if (head.startsWith("http/1.1 101")) {
            return true;
        }
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return text.length() - end - 4 >= Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return false;
    }

    private static Answer read(Socket socket, int millis) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + millis * 1_000_000L;
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    bytes.write(buffer, 0, n);
                    break;
                }
                socket.setSoTimeout((int) left);
                bytes.write(buffer, 0, n);
                if (bytes.size() > 64 * 1024 || complete(bytes.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // a response that stays open (a stream, an upgraded socket): what arrived is enough
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete response head within the time: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        return new Answer(status, headers, text.substring(end + 4));
    }
}
