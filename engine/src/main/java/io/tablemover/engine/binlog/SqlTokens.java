package io.tablemover.engine.binlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A MySQL statement cut into tokens, enough to find the tables a DDL statement names: comments are dropped
 * ({@code -- }, {@code #}, {@code /* *}{@code /}, optimizer hints) except the versioned {@code /*!NNNNN ... *}{@code /},
 * whose text the server executes and which is therefore kept; quoted identifiers lose their backticks
 * ({@code `a``b`} is {@code a`b}); strings are single tokens.
 */
final class SqlTokens {
    /** What a token is. */
    enum Kind {
        /** an unquoted word: a keyword, an identifier or a number */
        WORD,
        /** a {@code `backtick`} identifier, unquoted */
        QUOTED,
        /** a {@code "double-quoted"} text: a string, or an identifier under {@code ANSI_QUOTES} */
        DOUBLE_QUOTED,
        /** a {@code 'string'} */
        STRING,
        /** any other single character: {@code . , ( ) ; =} ... */
        SYMBOL
    }

    /** One token; {@code text} is unquoted for identifiers. */
    record Token(Kind kind, String text) {
        /** @return true if this is the unquoted keyword {@code word} (any case) */
        boolean is(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        /** @return true if this token can be a table or database name */
        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED || kind == Kind.DOUBLE_QUOTED;
        }

        /** @return the symbol {@code c} */
        boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.charAt(0) == c;
        }

        /** @return the text in upper case (for keywords) */
        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    private SqlTokens() {}

    /** @return the tokens of {@code sql} (never null; empty for blank or comment-only text) */
    static List<Token> of(String sql) {
        List<Token> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || (c == '-' && sql.startsWith("--", i) && (i + 2 == n || sql.charAt(i + 2) <= ' '))) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (sql.startsWith("/*!", i)) {
                i += 3; // versioned comment: its text is executed; skip the version number, keep the text
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (sql.startsWith("*/", i)) {
                i += 2; // the end of a versioned comment
            } else if (c == '`' || c == '"' || c == '\'') {
                i = quoted(sql, i, tokens);
            } else if (isWordChar(c)) {
                int start = i;
                while (i < n && isWordChar(sql.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(start, i)));
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
        return tokens;
    }

    /** Reads the quoted token starting at {@code start}; returns the index after it. */
    private static int quoted(String sql, int start, List<Token> tokens) {
        char q = sql.charAt(start);
        StringBuilder text = new StringBuilder();
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == q) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == q) {
                    text.append(q); // doubled quote
                    i += 2;
                    continue;
                }
                i++;
                break;
            }
            if (c == '\\' && q != '`' && i + 1 < sql.length()) {
                text.append(sql.charAt(i + 1)); // backslash escape (strings only)
                i += 2;
                continue;
            }
            text.append(c);
            i++;
        }
        Kind kind = q == '`' ? Kind.QUOTED : q == '"' ? Kind.DOUBLE_QUOTED : Kind.STRING;
        tokens.add(new Token(kind, text.toString()));
        return i;
    }

    /** Letters, digits, {@code _}, {@code $} and every non-ASCII character may form an unquoted identifier. */
    private static boolean isWordChar(char c) {
        return c >= 0x80 || Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
