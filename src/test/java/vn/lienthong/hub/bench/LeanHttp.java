package vn.lienthong.hub.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client on one kept-alive socket, for the benchmark's load: the load generator runs on the same
 * two cores as the hub, and Java's {@code HttpClient} spent about 0.35 ms of CPU per request there (its selector and
 * executor threads, header maps, body publishers), a fifth of the hub's whole budget at 1,500 requests/s. This one
 * writes a prepared request in one call and reads the status line, the headers it needs and the body (with a
 * Content-Length or chunked). Not thread-safe: one instance per load thread.
 */
final class LeanHttp implements AutoCloseable {

    /** An answer: status and body (UTF-8). */
    record Answer(int status, String body) {
    }

    private final String host;
    private final int port;
    private final byte[] fixedHeaders;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** @param headers extra request headers, each a full {@code Name: value} line without CRLF */
    LeanHttp(String host, int port, String... headers) {
        this.host = host;
        this.port = port;
        StringBuilder h = new StringBuilder("Host: ").append(host).append(':').append(port).append("\r\n");
        for (String header : headers) {
            h.append(header).append("\r\n");
        }
        this.fixedHeaders = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    Answer post(String path, String contentType, String body) throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream request = new ByteArrayOutputStream(256 + payload.length);
        request.writeBytes(("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(fixedHeaders);
        request.writeBytes(("Content-Type: " + contentType + "\r\nContent-Length: " + payload.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(payload);
        byte[] bytes = request.toByteArray();
        try {
            return exchange(bytes);
        } catch (EOFException | java.net.SocketException stale) {
            // the server closed the kept-alive connection (idle, or its keep-alive limit) before our request: a
            // new connection, once; a request it had read is never sent twice, since the answer came or it did not
            close();
            return exchange(bytes);
        }
    }

    private Answer exchange(byte[] request) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(300_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
        out.write(request);
        out.flush();
        String statusLine = line();
        if (statusLine.isEmpty()) {
            throw new EOFException("connection closed");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon);
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
        if (chunked) {
            for (int size = Integer.parseInt(chunkSize(line()), 16); size > 0; size = Integer.parseInt(chunkSize(line()), 16)) {
                body.writeBytes(in.readNBytes(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            byte[] b = in.readNBytes((int) length);
            if (b.length < length) {
                throw new EOFException("body cut short");
            }
            body.writeBytes(b);
        }
        if (close) {
            close();
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8));
    }

    private static String chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    }

    /** A line without its CRLF; empty at the end of the headers (or of the stream). */
    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (s.length() == 0) {
                    return "";
                }
                throw new EOFException("connection closed mid-line");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            socket = null;
        }
    }
}
