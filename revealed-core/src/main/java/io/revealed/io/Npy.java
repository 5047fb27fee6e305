package io.revealed.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of NumPy's {@code .npy} array format (versions 1.0, 2.0 and 3.0): the magic string
 * {@code \x93NUMPY}, a version, a header length (2 bytes in 1.0, 4 bytes later, little-endian), a
 * header that is a Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }},
 * then the values. Numeric types {@code f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1} in either byte order
 * are decoded; object arrays ({@code |O}, a pickle) are recognised but not decoded. Fortran
 * (column-major) order is rejected for arrays of more than one dimension.
 *
 * <p>Every problem is an {@link InputException} naming the file and the array. The values are
 * read lazily from the original bytes, which the array keeps (no copy).
 */
final class Npy {
    private Npy() {}

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    enum Kind { FLOAT, SIGNED, UNSIGNED, BOOL, OBJECT }

    /** A decoded header and the values that follow it. */
    record Array(Path file, String name, String descr, Kind kind, int itemSize, long[] shape, ByteBuffer data) {
        int ndim() { return shape.length; }

        long count() { return product(shape, 0); }

        /** The shape as numpy prints it: {@code (3, 4)}, {@code (5,)}, {@code ()}. */
        String shapeText() { return Npy.shapeText(shape); }

        boolean numeric() { return kind != Kind.OBJECT; }

        boolean integer() { return kind == Kind.SIGNED || kind == Kind.UNSIGNED; }

        /** Value {@code i} (flat, row-major) as a double; 64-bit integers beyond 2^53 are rounded. */
        double getDouble(int i) {
            int at = i * itemSize;
            return switch (kind) {
                case FLOAT -> switch (itemSize) {
                    case 2 -> Float.float16ToFloat(data.getShort(at));
                    case 4 -> data.getFloat(at); // widened exactly
                    default -> data.getDouble(at);
                };
                case BOOL -> data.get(at) != 0 ? 1 : 0;
                case SIGNED -> getLong(i);
                case UNSIGNED -> {
                    long v = getLong(i);
                    yield v >= 0 ? v : ((v >>> 1) | (v & 1)) * 2.0;
                }
                case OBJECT -> throw new IllegalStateException("object array");
            };
        }

        /** Value {@code i} of an integer or boolean array; an unsigned 64-bit value above 2^63-1 comes back negative. */
        long getLong(int i) {
            int at = i * itemSize;
            return switch (kind) {
                case SIGNED -> switch (itemSize) {
                    case 1 -> data.get(at);
                    case 2 -> data.getShort(at);
                    case 4 -> data.getInt(at);
                    default -> data.getLong(at);
                };
                case UNSIGNED -> switch (itemSize) {
                    case 1 -> data.get(at) & 0xFFL;
                    case 2 -> data.getShort(at) & 0xFFFFL;
                    case 4 -> data.getInt(at) & 0xFFFF_FFFFL;
                    default -> data.getLong(at);
                };
                case BOOL -> data.get(at) != 0 ? 1 : 0;
                default -> throw new IllegalStateException(kind + " array");
            };
        }

        InputException error(String problem) {
            return new InputException(file, 0, name, problem);
        }
    }

    /**
     * Decodes {@code bytes}, the whole content of one {@code .npy} file.
     *
     * @param name the array's name in messages (for an {@code .npz} entry, its name without {@code .npy})
     */
    static Array parse(Path file, String name, byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++)
            if (i >= bytes.length || bytes[i] != MAGIC[i])
                throw new InputException(file, 0, name, "not a .npy array: it does not start with \\x93NUMPY" + (bytes.length == 0 ? " (it is empty)" : ""));
        if (bytes.length < 10) throw new InputException(file, 0, name, "truncated .npy header (" + bytes.length + " bytes)");
        int major = bytes[6] & 0xFF, minor = bytes[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0)
            throw new InputException(file, 0, name, "unsupported .npy format version " + major + "." + minor + " (1.0, 2.0 and 3.0 are read)");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int start;
        if (major == 1) {
            headerLength = b.getShort(8) & 0xFFFF;
            start = 10;
        } else {
            if (bytes.length < 12) throw new InputException(file, 0, name, "truncated .npy header (" + bytes.length + " bytes)");
            headerLength = b.getInt(8) & 0xFFFF_FFFFL;
            start = 12;
        }
        if (start + headerLength > bytes.length)
            throw new InputException(file, 0, name, "truncated .npy header: it announces " + headerLength + " bytes, but only " + (bytes.length - start) + " follow");
        String text = new String(bytes, start, (int) headerLength, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> header = new HeaderParser(file, name, text).dict();
        for (String key : List.of("descr", "fortran_order", "shape"))
            if (!header.containsKey(key)) throw new InputException(file, 0, name, ".npy header has no '" + key + "': " + text.strip());
        if (!(header.get("descr") instanceof String descr))
            throw new InputException(file, 0, name, "structured arrays (descr " + header.get("descr") + ") are not supported; expected a plain numeric array");
        if (!(header.get("fortran_order") instanceof Boolean fortran))
            throw new InputException(file, 0, name, ".npy header: fortran_order is not True or False: " + header.get("fortran_order"));
        if (!(header.get("shape") instanceof long[] shape))
            throw new InputException(file, 0, name, ".npy header: shape is not a tuple of integers: " + header.get("shape"));
        int dataStart = (int) (start + headerLength);

        if (descr.length() < 2) throw unsupported(file, name, descr);
        char order = descr.charAt(0), type = descr.charAt(1);
        if (order != '<' && order != '>' && order != '|' && order != '=') throw unsupported(file, name, descr);
        if (type == 'O') return new Array(file, name, descr, Kind.OBJECT, 0, shape, ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice());
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw unsupported(file, name, descr);
        }
        Kind kind = switch (type) {
            case 'f' -> size == 2 || size == 4 || size == 8 ? Kind.FLOAT : null;
            case 'i' -> size == 1 || size == 2 || size == 4 || size == 8 ? Kind.SIGNED : null;
            case 'u' -> size == 1 || size == 2 || size == 4 || size == 8 ? Kind.UNSIGNED : null;
            case 'b' -> size == 1 ? Kind.BOOL : null;
            default -> null;
        };
        if (kind == null) throw unsupported(file, name, descr);
        if (fortran && shape.length > 1)
            throw new InputException(file, 0, name, "stored in Fortran (column-major) order, which is not supported for " + shape.length
                    + "-dimensional arrays; save it in C order (numpy.ascontiguousarray)");
        long count = product(shape, 0);
        if (count < 0) throw new InputException(file, 0, name, "shape " + shapeText(shape) + " is too large");
        if (count > Integer.MAX_VALUE / size)
            throw new InputException(file, 0, name, "shape " + shapeText(shape) + " is too large (more than 2 GiB of values)");
        long expected = count * size;
        long got = bytes.length - dataStart;
        if (got < expected)
            throw new InputException(file, 0, name, "truncated data: shape " + shapeText(shape) + " of " + descr + " needs " + expected + " bytes, but only " + got + " follow the header");
        if (got > expected)
            throw new InputException(file, 0, name, got - expected + " unexpected bytes after the data of shape " + shapeText(shape) + " of " + descr);
        ByteOrder byteOrder = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) expected).slice().order(byteOrder);
        return new Array(file, name, descr, kind, size, shape, data);
    }

    private static InputException unsupported(Path file, String name, String descr) {
        return new InputException(file, 0, name, "unsupported element type '" + descr
                + "'; expected numbers or booleans (f2, f4, f8, i1..i8, u1..u8, b1, either byte order)");
    }

    /** Product of {@code shape[from..]}; -1 on overflow. */
    static long product(long[] shape, int from) {
        long n = 1;
        for (int i = from; i < shape.length; i++) {
            try {
                n = Math.multiplyExact(n, shape[i]);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return n;
    }

    static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) b.append(", ");
            b.append(shape[i]);
        }
        if (shape.length == 1) b.append(',');
        return b.append(')').toString();
    }

    /** A header value kept as text: a structured dtype's list of fields. */
    private record Raw(String text) {
        @Override
        public String toString() { return text; }
    }

    /**
     * The header dict: string keys; values are strings, booleans, tuples of integers (as
     * {@code long[]}) or, for a structured dtype's list, {@link Raw} text.
     */
    private static final class HeaderParser {
        private final Path file;
        private final String name;
        private final String s;
        private int i;

        HeaderParser(Path file, String name, String s) {
            this.file = file;
            this.name = name;
            this.s = s;
        }

        Map<String, Object> dict() {
            Map<String, Object> m = new HashMap<>();
            skip();
            expect('{');
            while (true) {
                skip();
                if (peek() == '}') break;
                String key = string();
                skip();
                expect(':');
                skip();
                m.put(key, value());
                skip();
                if (peek() == ',') i++;
                else if (peek() != '}') throw bad("expected ',' or '}'");
            }
            return m;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') return string();
            if (s.startsWith("True", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("False", i)) { i += 5; return Boolean.FALSE; }
            if (c == '(') return tuple();
            if (c == '[') { // a structured dtype: keep its text for the message
                int from = i, depth = 0;
                for (; i < s.length(); i++) {
                    if (s.charAt(i) == '[') depth++;
                    else if (s.charAt(i) == ']' && --depth == 0) { i++; return new Raw(s.substring(from, i)); }
                }
                throw bad("unclosed '['");
            }
            throw bad("unexpected value");
        }

        private long[] tuple() {
            expect('(');
            List<Long> v = new ArrayList<>();
            while (true) {
                skip();
                if (peek() == ')') { i++; break; }
                int from = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                if (from == i) throw bad("expected a non-negative integer in the shape");
                try {
                    v.add(Long.parseLong(s.substring(from, i)));
                } catch (NumberFormatException e) {
                    throw bad("shape entry " + s.substring(from, i) + " is too large");
                }
                if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) i++; // Python 2's long literals
                skip();
                if (peek() == ',') i++;
                else if (peek() != ')') throw bad("expected ',' or ')' in the shape");
            }
            long[] out = new long[v.size()];
            for (int k = 0; k < out.length; k++) out[k] = v.get(k);
            return out;
        }

        private String string() {
            char q = peek();
            if (q != '\'' && q != '"') throw bad("expected a quoted string");
            int end = s.indexOf(q, i + 1);
            if (end < 0) throw bad("unclosed string");
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private char peek() {
            if (i >= s.length()) throw bad("unexpected end");
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) throw bad("expected '" + c + "'");
            i++;
        }

        private InputException bad(String problem) {
            return new InputException(file, 0, name, "malformed .npy header (" + problem + " at character " + (i + 1) + "): " + s.strip());
        }
    }
}
