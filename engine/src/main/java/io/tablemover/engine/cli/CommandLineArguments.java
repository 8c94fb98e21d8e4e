package io.tablemover.engine.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line as the shell passed it, whatever the locale. The JVM decodes {@code main}'s arguments in the
 * locale's charset ({@code sun.jnu.encoding}, which {@code -D} cannot change on Java 17): under {@code LC_ALL=C} the
 * UTF-8 bytes of {@code --tables tablé} become {@code tabl\uFFFD\uFFFD} and the table "does not exist". On Linux the
 * bytes are still in {@code /proc/self/cmdline}: each argument that is valid UTF-8 is decoded as UTF-8 (one that is
 * not, e.g. Latin-1 typed under a Latin-1 locale, keeps the JVM's decoding).
 */
final class CommandLineArguments {
    private CommandLineArguments() {}

    /**
     * @param args {@code main}'s arguments
     * @return the arguments decoded as UTF-8 where the locale garbled them; {@code args} itself when the locale is
     *     UTF-8, nothing was garbled, or the raw command line cannot be read or does not end with these arguments
     */
    static String[] decode(String[] args) {
        Charset jnu = charset(System.getProperty("sun.jnu.encoding"));
        if (jnu == null || jnu.equals(StandardCharsets.UTF_8) || Arrays.stream(args).allMatch(CommandLineArguments::ascii)) {
            return args;
        }
        List<byte[]> raw;
        try {
            raw = split(Files.readAllBytes(Path.of("/proc/self/cmdline")));
        } catch (IOException | RuntimeException unreadable) {
            return args; // not Linux, or no /proc
        }
        if (raw.size() < args.length) {
            return args;
        }
        List<byte[]> tail = raw.subList(raw.size() - args.length, raw.size());
        String[] decoded = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            byte[] b = tail.get(i);
            if (!new String(b, jnu).equals(args[i]) && !asciiWithQuestionMarks(b).equals(args[i])) {
                return args; // these are not the bytes the JVM decoded
            }
            String utf8 = utf8OrNull(b);
            decoded[i] = utf8 == null ? args[i] : utf8;
        }
        return decoded;
    }

    /** @return the first argument that still holds U+FFFD (a byte the locale's charset could not decode), or null */
    static String garbled(String[] args) {
        return Arrays.stream(args).filter(a -> a.indexOf('\uFFFD') >= 0).findFirst().orElse(null);
    }

    private static boolean ascii(String s) {
        return s.chars().allMatch(c -> c < 0x80 && c != '?');
    }

    /** How the JDK's launcher renders bytes in an ASCII locale on some systems: every non-ASCII byte as '?'. */
    private static String asciiWithQuestionMarks(byte[] b) {
        StringBuilder s = new StringBuilder(b.length);
        for (byte x : b) {
            s.append(x < 0 ? '?' : (char) x);
        }
        return s.toString();
    }

    private static List<byte[]> split(byte[] cmdline) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                parts.add(Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (start < cmdline.length) {
            parts.add(Arrays.copyOfRange(cmdline, start, cmdline.length));
        }
        return parts;
    }

    private static String utf8OrNull(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Charset charset(String name) {
        try {
            return name == null ? null : Charset.forName(name);
        } catch (RuntimeException unknown) {
            return null;
        }
    }
}
