package io.fluxkv.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain socket to a RESP server: sends exact bytes and reads back whole replies as the exact bytes received, so
 * tests can compare replies byte for byte and exercise malformed or split input.
 */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(10_000);
        this.socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    public static RawConnection open(int port) {
        try {
            return new RawConnection(new Socket("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawConnection send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RawConnection send(String ascii) {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends one command as a RESP multibulk array. */
    public RawConnection command(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return send(encode(bytes));
    }

    public static byte[] encode(byte[]... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            buf.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(arg);
            buf.writeBytes(new byte[] {'\r', '\n'});
        }
        return buf.toByteArray();
    }

    /** Reads one complete reply (nested aggregates included) and returns its exact bytes. */
    public byte[] readReply() {
        try {
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            readValue(reply);
            return reply.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One complete reply as a string (ISO-8859-1, so every byte maps to one char). */
    public String readReplyString() {
        return new String(readReply(), StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closed the connection (reads until EOF or {@code timeoutMillis}). */
    public boolean closedByServer(int timeoutMillis) {
        try {
            socket.setSoTimeout(timeoutMillis);
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void readValue(ByteArrayOutputStream reply) throws IOException {
        String line = readLine(reply);
        char type = line.charAt(0);
        switch (type) {
            case '+', '-', ':', '_', ',', '#', '(' -> { }
            case '$', '=', '!' -> {
                long length = Long.parseLong(line.substring(1));
                if (length >= 0) {
                    reply.writeBytes(in.readNBytes((int) length + 2));
                }
            }
            case '*', '~', '>' -> {
                long count = Long.parseLong(line.substring(1));
                for (long i = 0; i < count; i++) {
                    readValue(reply);
                }
            }
            case '%', '|' -> {
                long count = Long.parseLong(line.substring(1));
                for (long i = 0; i < count * 2; i++) {
                    readValue(reply);
                }
            }
            default -> throw new IOException("not a RESP reply: " + line);
        }
        if (type == '|') {
            readValue(reply);
        }
    }

    private String readLine(ByteArrayOutputStream reply) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed mid-reply after '" + line + "'");
            }
            reply.write(b);
            if (b != '\r') {
                line.append((char) b);
            }
        }
        reply.write('\n');
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
