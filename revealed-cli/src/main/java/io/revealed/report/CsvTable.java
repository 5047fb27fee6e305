package io.revealed.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file of a run folder ({@code curves.csv}, {@code sensitivity.csv}): a header row and rows
 * of text cells. Fields may be quoted with {@code "}, with {@code ""} for a quote inside; empty
 * cells and cells that are not numbers read as NaN through {@link #numbers}.
 *
 * @param file where it was read from (for messages)
 * @param header the column names
 * @param rows the data rows, each as long as the header
 */
public record CsvTable(Path file, List<String> header, List<List<String>> rows) {
    public CsvTable {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
    }

    /**
     * Reads a CSV file.
     *
     * @throws ReportException when the file is empty or a row has the wrong number of cells
     */
    public static CsvTable read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new ReportException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) throw new ReportException(file + ": empty (a header row was expected)");
        List<String> header = split(lines.get(0), file, 1);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            List<String> row = split(lines.get(i), file, i + 1);
            if (row.size() != header.size())
                throw new ReportException(file + ":" + (i + 1) + ": " + row.size() + " cells, the header has " + header.size());
            rows.add(row);
        }
        return new CsvTable(file, header, rows);
    }

    /** The index of a column, or -1. */
    public int column(String name) {
        return header.indexOf(name);
    }

    /** A column as numbers: NaN for empty cells and cells that are not numbers. */
    public double[] numbers(int column) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            String s = rows.get(i).get(column).trim();
            try {
                v[i] = s.isEmpty() ? Double.NaN : Double.parseDouble(s);
            } catch (NumberFormatException e) {
                v[i] = Double.NaN;
            }
        }
        return v;
    }

    /** A column as text. */
    public List<String> strings(int column) {
        List<String> v = new ArrayList<>(rows.size());
        for (List<String> row : rows) v.add(row.get(column));
        return v;
    }

    private static List<String> split(String line, Path file, int lineNumber) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) throw new ReportException(file + ":" + lineNumber + ": a quoted cell is not closed");
        cells.add(cell.toString());
        return cells;
    }
}
