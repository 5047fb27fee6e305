package io.revealed.cli;

/** Finding things in report pages. */
final class TestHtml {
    private TestHtml() {}

    /** The part of a page from the opening tag of figure {@code id} to its {@code </figure>}. */
    static String figure(String html, String id) {
        int start = html.indexOf("<figure id=\"" + id + "\"");
        if (start < 0) throw new AssertionError("no figure " + id + " on the page");
        return html.substring(start, html.indexOf("</figure>", start));
    }

    /** How many times {@code needle} occurs in {@code s}. */
    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }
}
