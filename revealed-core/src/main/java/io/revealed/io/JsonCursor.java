package io.revealed.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * A Jackson streaming parser that knows which file it reads and turns every problem into an
 * {@link InputException} naming the line and the field path ({@code transitions[17][3]},
 * {@code reward.values[3][1]}) of the offending value. Paths come from Jackson's own parsing
 * context, so nothing is built for values that are fine.
 *
 * <p>{@code NaN} and {@code Infinity} are accepted by the tokenizer only so that they can be
 * rejected here with the field's name instead of a generic syntax error.
 */
final class JsonCursor implements Closeable {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private final Path file;
    private final JsonParser parser;
    private final long fixedLine; // > 0: the whole input is this line of the file (JSONL)

    private JsonCursor(Path file, JsonParser parser, long fixedLine) {
        this.file = file;
        this.parser = parser;
        this.fixedLine = fixedLine;
    }

    /** A cursor over a whole JSON file; the caller closes it. */
    static JsonCursor open(Path file) throws IOException {
        return new JsonCursor(file, FACTORY.createParser(Files.newInputStream(file)), 0);
    }

    /** A cursor over one line of a file (JSONL): every error is reported on {@code line}. */
    static JsonCursor ofLine(Path file, long line, byte[] utf8, int offset, int length) throws IOException {
        return new JsonCursor(file, FACTORY.createParser(utf8, offset, length), line);
    }

    Path file() { return file; }

    /** Advances to the next token; malformed JSON becomes an {@link InputException}. */
    JsonToken next() throws IOException {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            long line = fixedLine > 0 ? fixedLine : loc == null ? 0 : loc.getLineNr();
            String column = loc == null || loc.getColumnNr() < 1 ? "" : " at column " + loc.getColumnNr();
            throw new InputException(file, line, contextPath(parser.getParsingContext()),
                    "malformed JSON" + column + ": " + e.getOriginalMessage(), e);
        }
    }

    JsonToken token() { return parser.currentToken(); }

    /** Line (1-based) of the current token. */
    long line() {
        if (fixedLine > 0) return fixedLine;
        JsonLocation loc = parser.currentTokenLocation();
        return loc == null ? 0 : Math.max(0, loc.getLineNr());
    }

    /** The field name at a {@link JsonToken#FIELD_NAME} token. */
    String fieldName() throws IOException { return parser.currentName(); }

    /**
     * Path of the current value, e.g. {@code transitions[17][3]}; at a field name, the field's
     * path; at an end token, the path of the array or object just closed.
     */
    String path() {
        JsonStreamContext c = parser.getParsingContext();
        JsonToken t = parser.currentToken();
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) c = c.getParent();
        return contextPath(c);
    }

    private static String contextPath(JsonStreamContext c) {
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            else if (c.getCurrentName() != null) parts.push("." + c.getCurrentName());
        }
        StringBuilder b = new StringBuilder();
        for (String p : parts) b.append(p);
        if (b.isEmpty()) return null; // the top-level value
        return b.charAt(0) == '.' ? b.substring(1) : b.toString();
    }

    /** An error at the current token and path. */
    InputException error(String problem) {
        return new InputException(file, line(), path(), problem);
    }

    /** An error at a remembered line and path. */
    InputException error(long line, String field, String problem) {
        return new InputException(file, fixedLine > 0 ? fixedLine : line, field, problem);
    }

    /** Fails unless the current token is {@code expected}; {@code what} names the expected value. */
    void expect(JsonToken expected, String what) throws IOException {
        if (token() != expected) throw error("expected " + what + ", got " + describe());
    }

    /** The current token as an {@code int}; {@code what} names it in messages ("state index"). */
    int intValue(String what) throws IOException {
        JsonToken t = token();
        if (t != JsonToken.VALUE_NUMBER_INT) {
            String hint = t == JsonToken.START_ARRAY && what.endsWith("index")
                    ? " (continuous " + (what.startsWith("action") ? "actions" : "observations") + " are not supported yet)" : "";
            throw error("expected an integer " + what + ", got " + describe() + hint);
        }
        if (parser.getNumberType() != JsonParser.NumberType.INT)
            throw error(what + " " + parser.getText() + " is too large");
        return parser.getIntValue();
    }

    /** The current token as an index in {@code [0, bound)}; {@code bound <= 0} means not known yet. */
    int index(String what, int bound, String boundName) throws IOException {
        int v = intValue(what + " index");
        if (bound > 0 && (v < 0 || v >= bound))
            throw error(what + " " + v + " out of range [0, " + bound + ") (" + boundName + " = " + bound + ")");
        if (v < 0) throw error(what + " " + v + " is negative");
        return v;
    }

    /** The current token as a finite number (integers are accepted too). */
    double finiteNumber() throws IOException {
        JsonToken t = token();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT)
            throw error("expected a number, got " + describe());
        double v = parser.getDoubleValue();
        if (!Double.isFinite(v)) throw error("got " + parser.getText() + "; only finite numbers are allowed");
        return v;
    }

    /** The current token as a probability in [0, 1]. */
    double probability() throws IOException {
        double p = finiteNumber();
        if (!(p >= 0 && p <= 1)) throw error("probability " + parser.getText() + " not in [0, 1]");
        return p;
    }

    boolean bool() throws IOException {
        JsonToken t = token();
        if (t == JsonToken.VALUE_TRUE) return true;
        if (t == JsonToken.VALUE_FALSE) return false;
        throw error("expected true or false, got " + describe());
    }

    String string() throws IOException {
        expect(JsonToken.VALUE_STRING, "a string");
        return parser.getText();
    }

    /** The current token as a Java value: JSON objects become ordered maps, arrays lists. */
    Object anyValue() throws IOException {
        JsonToken t = token();
        switch (t) {
            case START_OBJECT -> {
                LinkedHashMap<String, Object> m = new LinkedHashMap<>();
                while (next() == JsonToken.FIELD_NAME) {
                    String name = fieldName();
                    if (m.containsKey(name)) throw error("appears twice");
                    next();
                    m.put(name, anyValue());
                }
                return m;
            }
            case START_ARRAY -> {
                ArrayList<Object> l = new ArrayList<>();
                while (next() != JsonToken.END_ARRAY) l.add(anyValue());
                return l;
            }
            case VALUE_STRING -> { return parser.getText(); }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> parser.getIntValue();
                    case LONG -> parser.getLongValue();
                    default -> parser.getBigIntegerValue();
                };
            }
            case VALUE_NUMBER_FLOAT -> { return finiteNumber(); }
            case VALUE_TRUE -> { return Boolean.TRUE; }
            case VALUE_FALSE -> { return Boolean.FALSE; }
            case VALUE_NULL -> { return null; }
            default -> throw error("unexpected " + describe());
        }
    }

    /** Fails unless the input ends after the top-level value. */
    void expectEnd(String what) throws IOException {
        if (next() != null) throw new InputException(file, line(), null, "unexpected content after " + what);
    }

    /** A short description of the current token for messages: "the string \"a\"", "an array", ... */
    String describe() throws IOException {
        JsonToken t = token();
        if (t == null) return "the end of the input";
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case END_ARRAY -> "the end of the array";
            case END_OBJECT -> "the end of the object";
            case FIELD_NAME -> "the field name \"" + parser.currentName() + "\"";
            case VALUE_STRING -> "the string " + quoteShort(parser.getText());
            case VALUE_NUMBER_INT -> "the integer " + parser.getText();
            case VALUE_NUMBER_FLOAT -> "the number " + parser.getText();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    /** "1 entry", "3 entries". */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String quoteShort(String s) {
        return "\"" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "\"";
    }

    @Override
    public void close() throws IOException { parser.close(); }
}
